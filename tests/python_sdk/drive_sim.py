"""Drive cinspect's simulator with the official Connect Python SDK (code we did not write).

The simulator checks v1HMAC signatures with the same signing code cinspect's client uses, so
every call the SDK gets through proves both against an independent implementation; the error
cases prove the simulator's error bodies classify in the SDK as the API's do.

Usage: CINSPECT_SIM_URL=http://127.0.0.1:PORT python3 drive_sim.py
Needs `connect-sdk-python3` 3.x (the `ingenico.connect.sdk` namespace; 4.x and later moved it
to `worldline.connect.sdk`). Run by tests/python_sdk.rs against a simulator it starts.
"""

import os
import sys
import threading
import time
import unittest
import uuid
from configparser import ConfigParser
from urllib.parse import urlparse

from ingenico.connect.sdk.api_exception import ApiException
from ingenico.connect.sdk.authorization_exception import AuthorizationException
from ingenico.connect.sdk.call_context import CallContext
from ingenico.connect.sdk.communicator_configuration import CommunicatorConfiguration
from ingenico.connect.sdk.declined_payment_exception import DeclinedPaymentException
from ingenico.connect.sdk.defaultimpl.authorization_type import AuthorizationType
from ingenico.connect.sdk.domain.payment.create_payment_request import CreatePaymentRequest
from ingenico.connect.sdk.factory import Factory
from ingenico.connect.sdk.idempotence_exception import IdempotenceException
from ingenico.connect.sdk.reference_exception import ReferenceException
from ingenico.connect.sdk.validation_exception import ValidationException

API_KEY_ID = "cinspect-demo-key"
SECRET = "cinspect-demo-secret-not-for-production"
MERCHANT_ID = "1234"
INTEGRATOR = "cinspect-ci"

APPROVED_CARD = "4567350000427977"
DECLINED_CARD = "5424180279791732"  # the sandbox's (and the simulator's) always-declined card
VISA, MASTERCARD = 1, 3

# Seconds: generous for a loaded 2-core CI machine, short enough to fail fast on a hang.
CONNECT_TIMEOUT = 5
SOCKET_TIMEOUT = 30
# How long the in-flight test lets the slow request get to the simulator before the repeat.
HEAD_START = 0.5


def sim_endpoint():
    """The simulator's scheme, host and port from CINSPECT_SIM_URL (e.g. http://127.0.0.1:7878)."""
    url = os.environ.get("CINSPECT_SIM_URL", "").strip()
    if not url:
        raise RuntimeError("CINSPECT_SIM_URL is not set (e.g. http://127.0.0.1:7878)")
    parsed = urlparse(url.rstrip("/"))
    if parsed.scheme not in ("http", "https") or not parsed.hostname or parsed.port is None \
            or parsed.path:
        raise RuntimeError("CINSPECT_SIM_URL must be scheme://host:port, got {!r}".format(url))
    return parsed.scheme, parsed.hostname, parsed.port


def make_client(secret=SECRET):
    # The SDK is configured through its properties (as from its .ini file): its keyword-only
    # CommunicatorConfiguration leaves fields such as the shopping cart extension unset, and
    # the Factory then fails reading them.
    scheme, host, port = sim_endpoint()
    properties = ConfigParser()
    properties["ConnectSDK"] = {
        "connect.api.endpoint.scheme": scheme,
        "connect.api.endpoint.host": host,
        "connect.api.endpoint.port": str(port),
        "connect.api.authorizationType": AuthorizationType.V1HMAC,
        "connect.api.connectTimeout": str(CONNECT_TIMEOUT),
        "connect.api.socketTimeout": str(SOCKET_TIMEOUT),
        "connect.api.integrator": INTEGRATOR,
    }
    configuration = CommunicatorConfiguration(
        properties=properties, api_key_id=API_KEY_ID, secret_api_key=secret)
    return Factory.create_client_from_configuration(configuration)


def payment_request(card_number=APPROVED_CARD, expiry_date="1230", product_id=VISA,
                    amount=2345, merchant_reference=None):
    """connect-api.md §7 "Minimal create payment", with the parts the tests vary."""
    body = {
        "cardPaymentMethodSpecificInput": {
            "card": {"cvv": "123", "cardNumber": card_number, "expiryDate": expiry_date},
            "paymentProductId": product_id,
        },
        "order": {
            "amountOfMoney": {"amount": amount, "currencyCode": "CAD"},
            "customer": {"billingAddress": {"countryCode": "CA"}},
        },
    }
    if merchant_reference is not None:
        body["order"]["references"] = {"merchantReference": merchant_reference}
    return CreatePaymentRequest().from_dictionary(body)


def new_key():
    return "cinspect-ci-" + uuid.uuid4().hex


def error_codes(exception):
    return [error.code for error in exception.errors or []]


class SimulatorWithOfficialSdk(unittest.TestCase):
    def setUp(self):
        self.client = make_client()
        self.addCleanup(self.client.close)
        self.payments = self.client.merchant(MERCHANT_ID).payments()

    def test_minimal_create_payment_succeeds_and_can_be_read_back(self):
        response = self.payments.create(payment_request())
        payment_id = response.payment.id
        self.assertTrue(payment_id, "the created payment has an id")
        self.assertIsNotNone(response.payment.status)

        fetched = self.payments.get(payment_id)
        self.assertEqual(fetched.id, payment_id)
        self.assertEqual(fetched.status, response.payment.status)

    def test_signature_covers_an_extra_x_gcs_header(self):
        # X-GCS-ClientMetaInfo joins X-GCS-ServerMetaInfo in the signed headers.
        client = self.client.with_client_meta_info('{"app": "cinspect-ci"}')
        response = client.merchant(MERCHANT_ID).payments().create(payment_request())
        self.assertTrue(response.payment.id)

    def test_expired_card_is_a_validation_exception_naming_the_expiry_date(self):
        with self.assertRaises(ValidationException) as caught:
            self.payments.create(payment_request(expiry_date="1210"))
        exception = caught.exception
        self.assertEqual(exception.status_code, 400)
        self.assertTrue(exception.error_id, "a 400 carries an errorId")
        properties = [error.property_name for error in exception.errors]
        self.assertIn("cardPaymentMethodSpecificInput.card.expiryDate", properties)

    def test_declined_card_is_a_declined_payment_exception_with_a_rejected_payment(self):
        with self.assertRaises(DeclinedPaymentException) as caught:
            self.payments.create(payment_request(
                card_number=DECLINED_CARD, product_id=MASTERCARD, amount=2997))
        exception = caught.exception
        self.assertEqual(exception.status_code, 402)
        result = exception.create_payment_result
        self.assertIsNotNone(result, "the 402 body carries the paymentResult")
        self.assertTrue(result.payment.id)
        self.assertEqual(result.payment.status, "REJECTED")
        self.assertIn("430330", error_codes(exception))

    def test_unknown_payment_id_is_a_reference_exception(self):
        with self.assertRaises(ReferenceException) as caught:
            self.payments.get("000000000000000000000000000000")
        exception = caught.exception
        self.assertEqual(exception.status_code, 404)
        self.assertIn("1002", error_codes(exception))

    def test_idempotent_repeat_returns_the_first_payment_with_its_timestamp(self):
        key = new_key()
        first_context = CallContext(idempotence_key=key)
        first = self.payments.create(payment_request(), first_context)
        self.assertIsNone(first_context.idempotence_request_timestamp,
                          "a first request is no repeat")

        repeat_context = CallContext(idempotence_key=key)
        before = int(time.time() * 1000)
        repeat = self.payments.create(payment_request(), repeat_context)
        self.assertEqual(repeat.payment.id, first.payment.id)
        timestamp = repeat_context.idempotence_request_timestamp
        self.assertIsNotNone(timestamp, "a repeat carries X-GCS-Idempotence-Request-Timestamp")
        self.assertLessEqual(timestamp, before, "the timestamp is the first request's")

    def test_repeat_while_the_first_is_in_flight_is_an_idempotence_exception(self):
        key = new_key()
        request = payment_request(merchant_reference="slow-" + key)
        outcomes = {}

        def send_first():
            # A client of its own: the SDK does not promise a client is thread-safe.
            client = make_client()
            try:
                payments = client.merchant(MERCHANT_ID).payments()
                outcomes["first"] = payments.create(request, CallContext(idempotence_key=key))
            except Exception as e:  # reported by the assertions below
                outcomes["first"] = e
            finally:
                client.close()

        thread = threading.Thread(target=send_first)
        thread.start()
        time.sleep(HEAD_START)
        try:
            self.payments.create(request, CallContext(idempotence_key=key))
            outcomes["repeat"] = None
        except Exception as e:
            outcomes["repeat"] = e
        thread.join(SOCKET_TIMEOUT)
        self.assertFalse(thread.is_alive(), "the slow request finished")

        repeat = outcomes["repeat"]
        self.assertIsInstance(repeat, IdempotenceException,
                              "the repeat got {!r}; the first got {!r}"
                              .format(repeat, outcomes.get("first")))
        self.assertEqual(repeat.idempotence_key, key)
        self.assertEqual(repeat.status_code, 409)
        self.assertEqual(error_codes(repeat), ["1409"])
        self.assertIsNotNone(repeat.idempotence_request_timestamp)

        first = outcomes.get("first")
        self.assertFalse(isinstance(first, Exception), "the first request failed: {!r}".format(first))
        # Once the first is done, the key replays its outcome.
        replay = self.payments.create(request, CallContext(idempotence_key=key))
        self.assertEqual(replay.payment.id, first.payment.id)

    def test_wrong_secret_is_a_generic_api_exception_with_code_9002(self):
        # The simulator answers a bad signature 401; the SDK maps only 403 to
        # AuthorizationException, so a 401 is its generic ApiException.
        client = make_client(secret=SECRET + "-wrong")
        self.addCleanup(client.close)
        with self.assertRaises(ApiException) as caught:
            client.merchant(MERCHANT_ID).payments().create(payment_request())
        exception = caught.exception
        self.assertIs(type(exception), ApiException)
        self.assertNotIsInstance(exception, AuthorizationException)
        self.assertEqual(exception.status_code, 401)
        self.assertIn("9002", error_codes(exception))


if __name__ == "__main__":
    try:
        sim_endpoint()
    except RuntimeError as e:
        print("drive_sim.py: {}".format(e), file=sys.stderr)
        sys.exit(2)
    unittest.main(verbosity=2)
