"""Drive the simulator's stateful families with the official Connect Python SDK.

Tokens created and deleted, an iDEAL payment (and its idempotent replay), a hosted checkout
that the simulator's checkout page completes, a payout (and the magic amount that rejects
one), and a refund of a capture: each call signed by the SDK, each answer read by its model
classes, so the simulator's bodies are proved to be what the SDK expects.

Usage: CINSPECT_SIM_URL=http://127.0.0.1:PORT python3 drive_state.py
Run by tests/python_sdk_state.rs against a simulator it starts. Reuses drive_sim.py's client.
"""

import json
import sys
import unittest
import urllib.request

from drive_sim import MERCHANT_ID, make_client, new_key, payment_request, sim_endpoint

from ingenico.connect.sdk.call_context import CallContext
from ingenico.connect.sdk.declined_payout_exception import DeclinedPayoutException
from ingenico.connect.sdk.domain.hostedcheckout.create_hosted_checkout_request import \
    CreateHostedCheckoutRequest
from ingenico.connect.sdk.domain.payment.approve_payment_request import ApprovePaymentRequest
from ingenico.connect.sdk.domain.payment.create_payment_request import CreatePaymentRequest
from ingenico.connect.sdk.domain.payout.approve_payout_request import ApprovePayoutRequest
from ingenico.connect.sdk.domain.payout.create_payout_request import CreatePayoutRequest
from ingenico.connect.sdk.domain.refund.refund_request import RefundRequest
from ingenico.connect.sdk.domain.token.create_token_request import CreateTokenRequest
from ingenico.connect.sdk.merchant.tokens.delete_token_params import DeleteTokenParams
from ingenico.connect.sdk.reference_exception import ReferenceException

# The simulator's magic payout amount (src/sim/payouts.rs, the README's scenario table).
REJECTED_PAYOUT_AMOUNT = 6666


def sim_url(path):
    scheme, host, port = sim_endpoint()
    return "{}://{}:{}{}".format(scheme, host, port, path)


def visit(url_or_path):
    """What a consumer's browser does at a simulator page: the page's JSON answer."""
    if "://" not in url_or_path:
        url_or_path = sim_url(url_or_path)
    request = urllib.request.Request(url_or_path, method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


def ideal_request():
    return CreatePaymentRequest().from_dictionary({
        "order": {
            "amountOfMoney": {"amount": 100, "currencyCode": "EUR"},
            "customer": {"billingAddress": {"countryCode": "NL"}},
        },
        "redirectPaymentMethodSpecificInput": {
            "paymentProductId": 809,
            "returnUrl": "https://shop.example/return",
            "paymentProduct809SpecificInput": {"issuerId": "INGBNL2A"},
        },
    })


class StatefulFamiliesWithOfficialSdk(unittest.TestCase):
    def setUp(self):
        self.client = make_client()
        self.addCleanup(self.client.close)
        self.merchant = self.client.merchant(MERCHANT_ID)

    def test_a_card_token_is_created_used_and_deleted(self):
        body = CreateTokenRequest().from_dictionary({
            "paymentProductId": 1,
            "card": {
                "customer": {"billingAddress": {"countryCode": "NL"}},
                "data": {"cardWithoutCvv": {
                    "cardholderName": "Wile E. Coyote",
                    "cardNumber": "4567350000427977",
                    "expiryDate": "1230",
                }},
            },
        })
        created = self.merchant.tokens().create(body)
        self.assertTrue(created.token)
        self.assertTrue(created.is_new_token)
        token = self.merchant.tokens().get(created.token)
        self.assertEqual(token.card.data.card_without_cvv.card_number, "************7977")

        request = payment_request()
        request.card_payment_method_specific_input.card = None
        request.card_payment_method_specific_input.token = created.token
        payment = self.merchant.payments().create(request).payment
        self.assertEqual(payment.payment_output.card_payment_method_specific_output.token,
                         created.token)

        self.merchant.tokens().delete(created.token, DeleteTokenParams())
        with self.assertRaises(ReferenceException) as caught:
            self.merchant.tokens().get(created.token)
        self.assertEqual(caught.exception.status_code, 404)

    def test_an_ideal_payment_redirects_is_replayed_and_is_paid(self):
        key = new_key()
        first_context = CallContext(idempotence_key=key)
        first = self.merchant.payments().create(ideal_request(), first_context)
        self.assertEqual(first.payment.status, "REDIRECTED")
        self.assertEqual(first.merchant_action.action_type, "REDIRECT")
        mac = first.merchant_action.redirect_data.returnmac
        self.assertTrue(mac)
        self.assertIsNone(first_context.idempotence_request_timestamp)

        repeat_context = CallContext(idempotence_key=key)
        repeat = self.merchant.payments().create(ideal_request(), repeat_context)
        self.assertEqual(repeat.payment.id, first.payment.id)
        self.assertEqual(repeat.merchant_action.redirect_data.returnmac, mac)
        self.assertIsNotNone(repeat_context.idempotence_request_timestamp)

        page = visit(first.merchant_action.redirect_data.redirect_url)
        self.assertEqual(page["RETURNMAC"], mac)
        self.assertEqual(self.merchant.payments().get(first.payment.id).status, "PAID")

    def test_a_hosted_checkout_shows_the_payment_it_created(self):
        body = CreateHostedCheckoutRequest().from_dictionary({
            "hostedCheckoutSpecificInput": {"locale": "en_GB", "variant": "testVariant"},
            "order": {
                "amountOfMoney": {"amount": 2345, "currencyCode": "USD"},
                "customer": {"billingAddress": {"countryCode": "US"},
                             "merchantCustomerId": "1234"},
            },
        })
        created = self.merchant.hostedcheckouts().create(body)
        self.assertTrue(created.hosted_checkout_id)
        self.assertTrue(created.returnmac)
        self.assertEqual(self.merchant.hostedcheckouts().get(created.hosted_checkout_id).status,
                         "IN_PROGRESS")
        visit("http://" + created.partial_redirect_url)
        checkout = self.merchant.hostedcheckouts().get(created.hosted_checkout_id)
        self.assertEqual(checkout.status, "PAYMENT_CREATED")
        payment = checkout.created_payment_output.payment
        self.assertEqual(payment.payment_output.amount_of_money.amount, 2345)
        self.assertEqual(self.merchant.payments().get(payment.id).id, payment.id)

    def payout_request(self, amount):
        return CreatePayoutRequest().from_dictionary({
            "payoutDetails": {
                "amountOfMoney": {"amount": amount, "currencyCode": "EUR"},
                "references": {"merchantReference": "payout-" + new_key()},
            },
            "bankTransferPayoutMethodSpecificInput": {
                "bankAccountIban": {"iban": "NL91ABNA0417164300"},
            },
        })

    def test_a_payout_is_approved_and_the_magic_amount_is_declined(self):
        payouts = self.merchant.payouts()
        created = payouts.create(self.payout_request(2500))
        self.assertEqual(created.status, "PENDING_APPROVAL")
        approved = payouts.approve(created.id, ApprovePayoutRequest())
        self.assertEqual(approved.status, "PAYOUT_REQUESTED")
        self.assertEqual(payouts.get(created.id).status, "PAYOUT_REQUESTED")

        with self.assertRaises(DeclinedPayoutException) as caught:
            payouts.create(self.payout_request(REJECTED_PAYOUT_AMOUNT))
        self.assertEqual(caught.exception.status_code, 402)
        self.assertEqual(caught.exception.payout_result.status, "REJECTED")

    def test_a_capture_is_refunded(self):
        payments = self.merchant.payments()
        payment = payments.create(payment_request()).payment
        payments.approve(payment.id, ApprovePaymentRequest())
        captures = payments.captures(payment.id).captures
        self.assertEqual(len(captures), 1)
        capture = self.merchant.captures().get(captures[0].id)
        self.assertEqual(capture.status, "CAPTURE_REQUESTED")

        refund = self.merchant.captures().refund(capture.id, RefundRequest().from_dictionary({
            "amountOfMoney": {"amount": 1000, "currencyCode": "CAD"},
        }))
        self.assertEqual(refund.status, "REFUND_REQUESTED")
        self.assertEqual(self.merchant.refunds().get(refund.id).id, refund.id)
        listed = payments.refunds(payment.id).refunds
        self.assertEqual([r.id for r in listed], [refund.id])


if __name__ == "__main__":
    try:
        sim_endpoint()
    except RuntimeError as e:
        print("drive_state.py: {}".format(e), file=sys.stderr)
        sys.exit(2)
    unittest.main(verbosity=2)
