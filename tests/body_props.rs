//! Property tests: the body code (viewer index, fold structure, redaction, the
//! locator's document, the depth check) takes adversarial input of any depth
//! without a panic or a stack overflow.

use connect_inspector::body::{BodyDoc, nesting_depth};
use connect_inspector::history::redact::redact_body;
use connect_inspector::locate::Document;
use connect_inspector::viewer::Structure;
use proptest::prelude::*;

/// Brackets, quotes, escapes and commas: the bytes that drive nesting.
fn adversarial() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\"cvv\":".to_string()),
        Just("4567350000427977".to_string()),
        "[a-z0-9 ]{0,4}",
    ];
    prop::collection::vec(piece, 0..400).prop_map(|p| p.concat())
}

fn exercise(text: &str) {
    let doc = BodyDoc::build(text.as_bytes());
    let _ = Structure::build(&doc);
    let _ = BodyDoc::head(text.as_bytes(), 1024);
    let _ = redact_body(text, &[]);
    let _ = Document::parse(text).locate("a.b[0]", &Default::default());
    let _ = nesting_depth(text.as_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_mix_of_structure_bytes_is_taken(text in adversarial()) {
        exercise(&text);
    }

    #[test]
    fn any_depth_is_taken(depth in 1usize..200_000, object in any::<bool>(), cut in any::<bool>()) {
        let (open, close) = if object { (r#"{"a":"#, "}") } else { ("[", "]") };
        let mut text = open.repeat(depth);
        text.push('1');
        if !cut {
            text.push_str(&close.repeat(depth));
        }
        exercise(&text);
        prop_assert_eq!(nesting_depth(text.as_bytes()), depth);
    }
}
