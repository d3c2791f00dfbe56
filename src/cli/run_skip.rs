//! `run --keep-going`: a request that needs what a failed request would have given — its
//! response (`{{create.response.body.$.payment.id}}`) or an id a successful create carries
//! (`{paymentId}`, `{{paymentId}}`) — is skipped and listed, not taken for bad usage: the run
//! failed earlier, and this is a consequence. A variable nothing could ever fill (a typo, a
//! cycle) stays bad usage.

use crate::sources::http_file::VarError;

/// The ids a successful create carries to the requests after it (see `connect_ids`).
const CARRIED: [&str; 6] = [
    "paymentId",
    "payoutId",
    "refundId",
    "hostedCheckoutId",
    "tokenId",
    "captureId",
];

/// The requests of a run that failed or were skipped so far.
#[derive(Debug, Default)]
pub(super) struct Unmet {
    /// `# @name`s of those that had one.
    names: Vec<String>,
    any: bool,
}

impl Unmet {
    pub(super) fn add(&mut self, name: Option<&str>) {
        self.any = true;
        if let Some(name) = name {
            self.names.push(name.to_owned());
        }
    }

    /// Why a request whose variables could not be filled is a consequence of an earlier
    /// failure (the words that follow "skipped: "), or None when it is not.
    pub(super) fn blame(&self, e: &VarError) -> Option<String> {
        match e {
            VarError::Capture { reference, .. } => {
                let (request, _) = reference.split_once(".response.")?;
                self.names
                    .iter()
                    .any(|n| n == request)
                    .then(|| format!("needs {{{{{reference}}}}}, and `{request}` failed"))
            }
            VarError::Unresolved { names, more: 0 } if names.iter().all(|n| is_carried(n)) => {
                let list: Vec<String> = names.iter().map(|n| format!("{{{{{n}}}}}")).collect();
                self.carried(&list.join(", "))
            }
            _ => None,
        }
    }

    /// The same for a `{paymentId}` left in the path.
    pub(super) fn blame_placeholder(&self, placeholder: &str) -> Option<String> {
        let name = placeholder.strip_prefix('{')?.strip_suffix('}')?;
        is_carried(name)
            .then(|| self.carried(placeholder))
            .flatten()
    }

    fn carried(&self, what: &str) -> Option<String> {
        self.any.then(|| {
            format!(
                "needs {what}, which a successful create carries, and an earlier request failed"
            )
        })
    }
}

fn is_carried(name: &str) -> bool {
    CARRIED.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_failed_request_would_have_given_is_blamed_on_it() {
        let capture = VarError::Capture {
            reference: "create.response.body.$.payment.id".into(),
            reason: "no earlier request named `create` has a response".into(),
        };
        let id = VarError::Unresolved {
            names: vec!["paymentId".into()],
            more: 0,
        };
        let typo = VarError::Unresolved {
            names: vec!["amout".into()],
            more: 0,
        };
        let mut unmet = Unmet::default();
        assert_eq!(unmet.blame(&capture), None);
        assert_eq!(unmet.blame(&id), None);
        assert_eq!(unmet.blame_placeholder("{paymentId}"), None);
        unmet.add(Some("create"));
        assert!(
            unmet
                .blame(&capture)
                .is_some_and(|w| w.contains("`create` failed"))
        );
        assert!(unmet.blame(&id).is_some());
        assert!(unmet.blame_placeholder("{paymentId}").is_some());
        assert_eq!(unmet.blame(&typo), None, "a typo stays bad usage");
        assert_eq!(unmet.blame_placeholder("{nope}"), None);
        let other = VarError::Capture {
            reference: "other.response.body.$.id".into(),
            reason: String::new(),
        };
        assert_eq!(unmet.blame(&other), None, "`other` did not fail");
    }
}
