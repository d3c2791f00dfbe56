//! A find-payments page of about `target` bytes of compact JSON:
//! `{"payments":[{...~1 KB payment...}, ...],"hasMore":true,...}`. Every 97th payment
//! is REJECTED (with an error), so a search for it hits early and often but not always.

pub fn payments_page(target: usize) -> Vec<u8> {
    let mut out = String::with_capacity(target + 2048);
    out.push_str(r#"{"payments":["#);
    let mut i = 0usize;
    while out.len() < target {
        if i > 0 {
            out.push(',');
        }
        push_payment(&mut out, i);
        i += 1;
    }
    out.push_str(&format!(
        r#"],"hasMore":true,"limit":{i},"offset":0,"totalCount":{}}}"#,
        i * 3
    ));
    out.into_bytes()
}

fn push_payment(out: &mut String, i: usize) {
    let rejected = i % 97 == 13;
    let (status, category, code) = if rejected {
        ("REJECTED", "UNSUCCESSFUL", 100)
    } else {
        ("CAPTURED", "COMPLETED", 9)
    };
    let errors = if rejected {
        r#"[{"code":"430330","requestId":"24162","message":"Not authorised","httpStatusCode":402}]"#
    } else {
        "[]"
    };
    out.push_str(&format!(
        concat!(
            r#"{{"id":"0000001234100005959800{i:08}","#,
            r#""paymentOutput":{{"amountOfMoney":{{"amount":{amount},"currencyCode":"EUR"}},"#,
            r#""references":{{"merchantReference":"order-{i}","paymentReference":"0"}},"#,
            r#""paymentMethod":"card","#,
            r#""cardPaymentMethodSpecificOutput":{{"paymentProductId":1,"authorisationCode":"OK{auth:04}","#,
            r#""card":{{"cardNumber":"************{last4:04}","expiryDate":"1299","cardholderName":"Wile E. Coyote"}},"#,
            r#""fraudResults":{{"fraudServiceResult":"accepted","avsResult":"X","cvvResult":"M"}},"#,
            r#""threeDSecureResults":{{"eci":"5","xid":"TUpSRHpPbjFJNW9yZ2RINVRrZ3Q="}}}},"#,
            r#""customer":{{"billingAddress":{{"city":"Monument Valley","countryCode":"US","street":"Desert Road","houseNumber":"{house}","zip":"84536"}},"#,
            r#""contactDetails":{{"emailAddress":"wile.e.coyote{i}@acme.example","phoneNumber":"+1555{i:07}"}}}}}},"#,
            r#""status":"{status}","#,
            r#""statusOutput":{{"errors":{errors},"isCancellable":false,"statusCategory":"{category}","#,
            r#""statusCode":{code},"statusCodeChangeDateTime":"20160310{hh:02}1151","isAuthorized":{authorized},"isRefundable":true}}}}"#,
        ),
        i = i,
        amount = 100 + i % 9000,
        auth = i % 10_000,
        last4 = i % 10_000,
        house = 1 + i % 300,
        status = status,
        errors = errors,
        category = category,
        code = code,
        hh = i % 24,
        authorized = !rejected,
    ));
}
