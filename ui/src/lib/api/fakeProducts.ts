// The fake backend's products (产品): the real backend's checks on the settings' product list
// (names required and unique ignoring case, blank rows dropped, a list price more than 0) and
// the dashboard's deals by product and by product category.
import type { Deal } from '../bindings/Deal';
import type { Product } from '../bindings/Product';
import type { ProductStats } from '../bindings/ProductStats';

/** A few of the real demo's products (`demo/products.rs`). */
export const DEMO_PRODUCTS: Product[] = [
  { name: '客户管理系统（专业版）', category: '软件', listPrice: 3_600_000 },
  { name: '年度维保服务', category: '服务', listPrice: 800_000 },
  { name: '硬件扩容', category: '硬件', listPrice: null },
];

type Invalid = (field: string, zh: string, en: string) => never;

export function checkProducts(list: Product[] | undefined, invalid: Invalid): Product[] {
  const kept: Product[] = [];
  const seen = new Set<string>();
  (list ?? []).forEach((p, i) => {
    const name = p.name.trim();
    const category = p.category.trim();
    if (!name && !category && p.listPrice === null) return;
    const at = (f: string) => `products[${i}].${f}`;
    if (!name) invalid(at('name'), `产品 ${i + 1} – 名称：不能为空`, `Product ${i + 1} – Name is required`);
    if (name.length > 60) invalid(at('name'), `产品 ${i + 1} – 名称：太长（最多 60 个字符）`, `Product ${i + 1} – Name is too long (at most 60 characters)`);
    if (p.listPrice !== null && !(p.listPrice > 0)) invalid(at('listPrice'), `产品 ${i + 1} – 标价：必须大于 0`, `Product ${i + 1} – List price must be more than 0`);
    if (seen.has(name.toLowerCase())) invalid(at('name'), `产品 ${i + 1} – 名称：重复`, `Product ${i + 1} – Name is used twice`);
    seen.add(name.toLowerCase());
    kept.push({ name, category, listPrice: p.listPrice });
  });
  return kept;
}

/** Deals (already filtered to the period and person) by product and by product category. */
export function productStats(deals: Deal[], list: Product[]): ProductStats {
  const listed = new Map(list.map((p) => [p.name.trim().toLowerCase(), p]));
  const per = new Map<string, ProductStats['byProduct'][number]>();
  for (const d of deals) {
    const name = d.productOrService.trim();
    const key = name.toLowerCase();
    const known = listed.get(key);
    const row = per.get(key) ?? { product: known?.name ?? name, category: known?.category ?? '', listed: !!known, amountCents: 0, deals: 0 };
    row.amountCents += d.amount;
    row.deals += 1;
    per.set(key, row);
  }
  const byAmount = <T extends { amountCents: number }>(a: T, b: T) => b.amountCents - a.amountCents;
  const byProduct = [...per.values()].sort((a, b) => byAmount(a, b) || a.product.localeCompare(b.product));
  const cats = new Map<string, ProductStats['byCategory'][number]>();
  for (const p of byProduct) {
    const c = cats.get(p.category) ?? { category: p.category, amountCents: 0, deals: 0 };
    c.amountCents += p.amountCents;
    c.deals += p.deals;
    cats.set(p.category, c);
  }
  const byCategory = [...cats.values()].sort((a, b) => byAmount(a, b) || a.category.localeCompare(b.category));
  return { byProduct, byCategory };
}
