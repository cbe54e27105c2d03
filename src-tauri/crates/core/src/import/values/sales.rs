//! The choice cells of a sales record: 付款方式 (how a deal was paid) and 满意度 (how satisfied
//! the customer was with an after-sales service, 1–5).
//!
//! Decisions: 线上 / 在线 / 微信 / 支付宝 / 网银 / 转账 are paid online (the money moved through
//! a bank or app), 线下 / 现金 / 刷卡 / 支票 / 货到付款 offline, 分期 / 按揭 / 月付 in instalments.
//! Satisfaction is a number 1–5 (`4`, `4分`, `4/5`, `4星`), stars (`★★★★`) or words:
//! 非常满意 5, 满意 4, 一般 / 基本满意 3, 不满意 2, 非常不满意 / 很不满意 1, and the English
//! very satisfied … very dissatisfied.
use super::{choice_key, is_blank, normalize, ValueError};
use crate::model::PaymentMethod;

/// Reads 线上支付 / 线下支付 / 分期付款 and their variants (see the module docs).
pub fn parse_payment_method(text: &str) -> Result<Option<PaymentMethod>, ValueError> {
    use PaymentMethod::*;
    const TABLE: &[(PaymentMethod, &str)] = &[
        (
            Online,
            "线上支付 线上 在线支付 在线 网上支付 网银 微信 微信支付 支付宝 转账 银行转账 对公转账",
        ),
        (
            Online,
            "online onlinepayment banktransfer transfer wire alipay wechatpay",
        ),
        (
            Offline,
            "线下支付 线下 现金 刷卡 支票 现场支付 货到付款 当面付款",
        ),
        (Offline, "offline cash card cheque check inperson"),
        (Instalments, "分期付款 分期 分期支付 按揭 月付 分批付款"),
        (
            Instalments,
            "instalments installments instalment installment",
        ),
    ];
    if is_blank(&normalize(text)) {
        return Ok(None);
    }
    let key = choice_key(text);
    TABLE
        .iter()
        .find(|(_, aliases)| aliases.split(' ').any(|a| a == key))
        .map(|(v, _)| Some(*v))
        .ok_or(ValueError::NotAPaymentMethod)
}

/// Reads a satisfaction of 1–5 (see the module docs).
pub fn parse_satisfaction(text: &str) -> Result<Option<u8>, ValueError> {
    const WORDS: &[(u8, &str)] = &[
        (5, "非常满意 很满意 十分满意 verysatisfied excellent"),
        (4, "满意 比较满意 satisfied good"),
        (3, "一般 基本满意 还行 neutral average ok"),
        (2, "不满意 不太满意 dissatisfied poor"),
        (1, "非常不满意 很不满意 极不满意 verydissatisfied bad"),
    ];
    if is_blank(&normalize(text)) {
        return Ok(None);
    }
    let key = choice_key(text);
    if let Some((n, _)) = WORDS
        .iter()
        .find(|(_, words)| words.split(' ').any(|w| w == key))
    {
        return Ok(Some(*n));
    }
    let stars = key.chars().filter(|c| *c == '★').count();
    if stars > 0 && key.chars().all(|c| c == '★' || c == '☆') {
        return in_range(stars as u32);
    }
    let plain: String = normalize(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let number = plain.strip_suffix("/5").unwrap_or(&plain);
    let number = number.trim_end_matches(['分', '星']);
    match number.parse::<u32>() {
        Ok(n) => in_range(n),
        Err(_) => Err(ValueError::NotASatisfaction),
    }
}

fn in_range(n: u32) -> Result<Option<u8>, ValueError> {
    match u8::try_from(n) {
        Ok(n @ 1..=5) => Ok(Some(n)),
        _ => Err(ValueError::NotASatisfaction),
    }
}
