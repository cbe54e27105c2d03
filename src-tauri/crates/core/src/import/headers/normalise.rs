//! Folding headers so that 「客户名称*」, 「 客户名称：」, 「ＣＵＳＴＯＭＥＲ　ＮＡＭＥ」 and the
//! Traditional 「客戶名稱」 match the same synonym.

/// The key a header is matched by: full-width folded to half-width, Traditional characters to
/// Simplified (客戶名稱 → 客户名称, see [`fold_traditional`]), lower case, bracketed notes
/// removed (`（元）`, `【必填】`, `(yyyy-mm-dd)`) unless nothing else is left, and without
/// white space or punctuation (`*`, `:`, `-`, `_`, `.`, `/`, …).
pub fn normalise(header: &str) -> String {
    let folded = fold_traditional(&fold_width(header)).to_lowercase();
    let key = strip_noise(&strip_brackets(&folded));
    if key.is_empty() {
        strip_noise(&folded)
    } else {
        key
    }
}

/// The signature's lighter fold: width, case and white space only, so units in brackets and
/// punctuation still tell headers apart.
pub(super) fn fold_light(header: &str) -> String {
    fold_width(header)
        .to_lowercase()
        .chars()
        .filter(|c| !is_blank(*c))
        .collect()
}

/// Full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space to their ASCII forms, as
/// Chinese input methods type them.
fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Traditional → Simplified for the characters CRM headers use (Taiwan, Hong Kong and Macau
/// sheets, Big5 files), so the Simplified synonyms table serves both scripts. Each pair is a
/// Traditional-only character and its Simplified form: a character both scripts write (模, 品,
/// 策) is left alone, and so are those Simplified uses on its own (於, 乾, 著), so a Simplified
/// header never changes. Not a general converter: characters outside this list stay as they
/// are, and a header made of them is simply not recognised (a custom field, as before).
#[rustfmt::skip]
const TRADITIONAL: &str = concat!(
    // Customer, name, contact, phone, e-mail, address.
    "戶户稱称電电話话聯联絡络繫系係系郵邮號号碼码機机動动網网顧顾對对傳传區区縣县鄉乡鎮镇",
    "國国臺台詳详細细書书帳账賬账",
    // Kind, category, stage, priority, tags, notes.
    "類类別别級级階阶優优狀状態态況况標标籤签簽签備备註注說说記记錄录紀纪檔档屬属",
    // Source, owner, company, position, industry.
    "來来負负責责業业職职務务門门員员團团隊队長长產产營营運运規规競竞爭争",
    // Dates, follow-ups, results.
    "進进時时間间週周後后續续觸触訪访會会議议談谈溝沟見见結结內内現现處处開开關关創创",
    "應应復复複复歷历曆历請请詢询問问題题報报訂订約约證证檢检驗验評评審审協协調调",
    // Money, needs, decisions.
    "預预額额單单價价費费幣币銷销購购買买貨货實实際际財财稅税總总計计劃划畫画數数據据",
    "決决鏈链與与點点這这個个們们發发經经廣广轉转紹绍舊旧導导質质種种貫贯線线遞递",
    "維维護护層层勢势緊紧權权專专濟济齡龄歲岁項项統统編编組组織织構构滿满風风險险資资",
    "簡简訊讯條条銀银圖图準准製制範范餘余裡里裏里",
);

/// `text` with the Traditional characters of [`TRADITIONAL`] made Simplified.
pub(super) fn fold_traditional(text: &str) -> String {
    text.chars().map(simplified).collect()
}

fn simplified(c: char) -> char {
    if c < '\u{4e00}' {
        return c;
    }
    let mut pairs = TRADITIONAL.chars();
    while let (Some(traditional), Some(simple)) = (pairs.next(), pairs.next()) {
        if traditional == c {
            return simple;
        }
    }
    c
}

fn opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '<' | '【' | '〔' | '〖' | '《' | '〈' | '「' | '『'
    )
}

fn closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']' | '}' | '>' | '】' | '〕' | '〗' | '》' | '〉' | '」' | '』'
    )
}

/// Drops bracketed text, nested or not; a stray closing bracket is dropped too.
fn strip_brackets(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if opening(c) {
            depth += 1;
        } else if closing(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 {
            out.push(c);
        }
    }
    out
}

/// White space and the invisible characters spreadsheets leave in headers (BOM, zero-width).
fn is_blank(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}')
}

/// Removes white space, punctuation and any bracket characters left.
fn strip_noise(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !is_blank(*c)
                && !opening(*c)
                && !closing(*c)
                && !matches!(
                    c,
                    '*' | ':'
                        | '-'
                        | '_'
                        | '.'
                        | '/'
                        | '\\'
                        | '·'
                        | '・'
                        | '?'
                        | '!'
                        | '、'
                        | '。'
                        | ','
                        | ';'
                        | '"'
                        | '\''
                        | '“'
                        | '”'
                        | '‘'
                        | '’'
                        | '~'
                        | '^'
                )
        })
        .collect()
}
