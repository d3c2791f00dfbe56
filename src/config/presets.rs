//! The documented Connect hosts, so a config names `preset = "sandbox"`
//! instead of copying URLs.

pub struct Preset {
    pub name: &'static str,
    pub base_url: &'static str,
    pub production: bool,
}

pub const PRESETS: &[Preset] = &[
    Preset {
        name: "sandbox",
        base_url: "https://eu.sandbox.api-ingenico.com",
        production: false,
    },
    Preset {
        name: "preprod",
        base_url: "https://api.preprod.connect.worldline-solutions.com",
        production: false,
    },
    Preset {
        name: "production",
        base_url: "https://api.connect.worldline-solutions.com",
        production: true,
    },
    Preset {
        name: "eu-preprod",
        base_url: "https://eu.preprod.api-ingenico.com",
        production: false,
    },
    Preset {
        name: "eu-production",
        base_url: "https://eu.api-ingenico.com",
        production: true,
    },
    Preset {
        name: "mum-preprod",
        base_url: "https://mum-preprod.api-ingenico.com",
        production: false,
    },
    Preset {
        name: "mum-production",
        base_url: "https://mum.api-ingenico.com",
        production: true,
    },
    Preset {
        name: "world-preprod",
        base_url: "https://world.preprod.api-ingenico.com",
        production: false,
    },
    Preset {
        name: "world-production",
        base_url: "https://world.api-ingenico.com",
        production: true,
    },
];

pub fn preset(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name.eq_ignore_ascii_case(name))
}

/// A base URL is production when it is one of the production hosts.
pub fn is_production_url(url: &str) -> bool {
    let url = url.trim_end_matches('/');
    PRESETS
        .iter()
        .any(|p| p.production && p.base_url.eq_ignore_ascii_case(url))
}
