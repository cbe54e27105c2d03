//! Every command the app registers is granted to the window: with an app manifest (build.rs)
//! Tauri refuses a command no capability allows, and only the real window would show it.
#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]
    use std::collections::BTreeSet;

    /// The commands `generate_handler!` registers in lib.rs (`commands::<module>::<name>,`).
    fn registered() -> BTreeSet<String> {
        let lib = include_str!("lib.rs");
        let start = lib
            .find("generate_handler![")
            .expect("lib.rs registers commands");
        let end = start + lib[start..].find("])").expect("the list ends");
        lib[start..end]
            .lines()
            .filter_map(|l| l.trim().strip_prefix("commands::"))
            .filter_map(|l| l.trim_end_matches(',').rsplit("::").next())
            .map(str::to_owned)
            .collect()
    }

    /// The commands `allow-customer-book` grants.
    fn granted() -> BTreeSet<String> {
        let toml = include_str!("../permissions/customer-book.toml");
        let start = toml.find("commands.allow = [").expect("an allow list");
        let end = start + toml[start..].find(']').expect("the list ends");
        toml[start..end]
            .lines()
            .filter_map(|l| l.trim().strip_prefix('"'))
            .filter_map(|l| l.split('"').next())
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn every_registered_command_is_granted_and_nothing_else() {
        let (registered, granted) = (registered(), granted());
        assert!(registered.len() > 50, "{registered:?}");
        let missing: Vec<_> = registered.difference(&granted).collect();
        let stale: Vec<_> = granted.difference(&registered).collect();
        assert!(
            missing.is_empty(),
            "registered but not granted: {missing:?}"
        );
        assert!(stale.is_empty(), "granted but not registered: {stale:?}");
    }
}
