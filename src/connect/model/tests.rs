//! The model's data and its answers, on the embedded data file.

use super::*;

fn m() -> &'static Model {
    model().expect("the embedded model parses")
}

#[test]
fn data_file_parses_and_its_counts_match_its_header() {
    let m = m();
    let fields: Vec<&Field> = m.types.iter().flat_map(|t| &t.fields).collect();
    let groups: std::collections::BTreeSet<&str> = m.endpoints.iter().map(|e| e.group()).collect();
    let counted = Counts {
        endpoints: m.endpoints.len(),
        groups: groups.len(),
        types: m.types.len(),
        fields: fields.len(),
        deprecated_types: m.types.iter().filter(|t| t.deprecated).count(),
        deprecated_fields: fields.iter().filter(|f| f.deprecated).count(),
        value_lists: fields.iter().filter(|f| !f.values.is_empty()).count(),
        value_tokens: fields.iter().map(|f| f.values.len()).sum(),
    };
    assert_eq!(counted, m.counts);
    // The figures api-model.md gives for connect-sdk-python3 6.3.0.
    assert_eq!(
        (m.counts.endpoints, m.counts.groups, m.counts.types),
        (73, 16, 403)
    );
    assert_eq!(m.counts.fields, 1395);
    assert_eq!(m.label(), "connect-sdk-python3 6.3.0");
}

#[test]
fn inherited_fields_are_found() {
    let m = m();
    let card = m.type_named("Card").unwrap();
    assert_eq!(card.extends.as_deref(), Some("CardWithoutCvv"));
    assert_eq!(m.field(card, "cvv").unwrap().owner.name, "Card");
    // Two bases up: Card → CardWithoutCvv → CardEssentials.
    assert_eq!(
        m.field(card, "cardNumber").unwrap().owner.name,
        "CardEssentials"
    );
    assert!(m.field(card, "cardnumber").is_none());
    let names: Vec<&str> = m.fields(card).map(|f| f.field.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    assert!(names.contains(&"expiryDate"));
}

/// A concrete path for a template: ids in place of the placeholders.
fn concrete(template: &str) -> String {
    template
        .split('/')
        .map(|s| {
            if s.starts_with('{') {
                format!("id-{}", s.len())
            } else {
                s.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[test]
fn every_endpoint_matches_its_own_path_with_ids_query_and_base() {
    let m = m();
    for e in &m.endpoints {
        for url in [
            e.path.clone(),
            concrete(&e.path),
            format!("{}?limit=10&hide=fields", concrete(&e.path)),
            format!("https://eu.sandbox.api-ingenico.com{}", concrete(&e.path)),
            format!("http://127.0.0.1:8080/proxy/connect{}#x", concrete(&e.path)),
        ] {
            let found = m
                .match_request(&e.method, &url)
                .unwrap_or_else(|no| panic!("{} {url}: {no:?}", e.id));
            assert_eq!(found.endpoint.id, e.id, "{url}");
            let names: Vec<&str> = found.params.iter().map(|p| p.name.as_str()).collect();
            assert_eq!(names, e.path_params().collect::<Vec<_>>(), "{url}");
            for p in &found.params {
                assert_eq!(&url[p.range.clone()], p.value, "{url}");
            }
        }
    }
}

#[test]
fn matching_names_the_path_parameters_and_their_place() {
    let m = m();
    let url = "https://x.example/v1/1234/payments/000000123410000595980000100001/cancel?x=1";
    let found = m.match_request("post", url).unwrap();
    assert_eq!(found.endpoint.id, "payments.cancel");
    assert_eq!(found.params[1].name, "paymentId");
    assert_eq!(
        &url[found.params[1].range.clone()],
        "000000123410000595980000100001"
    );
    assert_eq!(found.params[1].range.start, 35);
    // The file endpoints live under /files/v1.
    let up = m.match_request("POST", "/files/v1/1/disputes/77").unwrap();
    assert_eq!(up.endpoint.id, "disputes.upload_file");
    assert_eq!(
        m.match_request("GET", "/files/v1/1/files/9")
            .unwrap()
            .endpoint
            .id,
        "files.get_file"
    );
}

#[test]
fn unknown_paths_and_wrong_methods_say_so() {
    let m = m();
    assert_eq!(
        m.match_request("GET", "/v1/1/nothing").unwrap_err(),
        NoMatch::Path
    );
    assert_eq!(m.match_request("GET", "").unwrap_err(), NoMatch::Path);
    match m.match_request("PATCH", "/v1/1/payments").unwrap_err() {
        NoMatch::Method { allowed } => assert_eq!(allowed, ["POST", "GET"]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn endpoint_names_resolve_fuzzily() {
    let m = m();
    let id = |name: &str| m.resolve_endpoint(name).map(|e| e.id.as_str());
    assert_eq!(id("payments.create"), Some("payments.create"));
    assert_eq!(
        id("services.get_iin_details"),
        Some("services.get_iin_details")
    );
    assert_eq!(
        id("services.getIinDetails"),
        Some("services.get_iin_details")
    );
    assert_eq!(id("payments.createPayment"), Some("payments.create"));
    assert_eq!(
        id("installments.getInstallmentsInfo"),
        Some("installments.get_installments_info")
    );
    assert_eq!(id("Create payment"), Some("payments.create"));
    assert_eq!(id("create-payment"), Some("payments.create"));
    assert_eq!(id("convert-amount"), Some("services.convert_amount"));
    assert_eq!(id("get-products"), Some("products.find"));
    assert_eq!(id("create-payout"), Some("payouts.create"));
    assert_eq!(id("POST /v1/x/payments"), Some("payments.create"));
    assert_eq!(
        id("GET https://h.example/v1/x/payments/1?hide=x"),
        Some("payments.get")
    );
    assert_eq!(id("payments.explode"), None);
    assert_eq!(id(""), None);
}

#[test]
fn every_template_names_an_endpoint() {
    let m = m();
    for t in crate::connect::templates::all() {
        assert!(m.resolve_endpoint(t.name).is_some(), "{}", t.name);
    }
}

#[test]
fn paths_resolve_through_objects_lists_and_bases() {
    let m = m();
    let req = m.type_named("CreatePaymentRequest").unwrap();
    let at = m.at_path(req, &parse_path("order.customer")).unwrap();
    assert_eq!(at.ty.unwrap().name, "Customer");
    let at = m
        .at_path(
            req,
            &parse_path("order.shoppingCart.items[0].amountOfMoney.amount"),
        )
        .unwrap();
    assert_eq!(at.field.unwrap().field.kind, Kind::Integer);
    let at = m
        .at_path(req, &parse_path("order.shoppingCart.items.amountOfMoney"))
        .unwrap();
    assert_eq!(at.ty.unwrap().name, "AmountOfMoney");
    let err = m.at_path(req, &parse_path("order.custmer.x")).unwrap_err();
    assert_eq!(err.suggestion.as_deref(), Some("customer"));
    assert_eq!(err.prefix, "order.custmer");
    let err = m
        .at_path(req, &parse_path("order.amountOfMoney.amount.x"))
        .unwrap_err();
    assert_eq!(err.reason, "integer has no fields");
}
