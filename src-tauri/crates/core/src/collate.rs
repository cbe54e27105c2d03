//! Sort keys for names: Chinese characters sort by their pinyin, so 陈强 (chen) comes before
//! 刘洋 (liu) and Chinese and Latin names interleave A–Z, as in a phone's contact list.
use pinyin::ToPinyin;

/// The key a name sorts by: lowercase, each Chinese character replaced by its plain pinyin
/// followed by the character itself (so homophones still order deterministically).
pub fn sort_key(s: &str) -> String {
    let mut key = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        match c.to_pinyin() {
            Some(p) => {
                key.push_str(p.plain());
                key.push(c);
            }
            None => key.extend(c.to_lowercase()),
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::sort_key;

    #[test]
    fn chinese_names_sort_by_pinyin_among_latin_ones() {
        let mut names = vec!["张伟", "Acme", "刘洋", "陈强", "li lei", "bob"];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(names, vec!["Acme", "bob", "陈强", "li lei", "刘洋", "张伟"]);
    }
}
