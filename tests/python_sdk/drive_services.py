"""Drive the simulator's stateless services with the official Connect Python SDK.

The product catalogue (list, one product, product 809's directory, the `cards` group), convert
amount, IIN details, bank account conversion and risk assessments, each through the SDK's own
client classes and domain objects, so the simulator's answers are proven to parse into them.

Usage: CINSPECT_SIM_URL=http://127.0.0.1:PORT python3 drive_services.py
Needs `connect-sdk-python3` 3.x. Run by tests/python_sdk_services.rs against a simulator it
starts. Shares the client set-up of drive_sim.py beside it.
"""

import sys
import unittest

from ingenico.connect.sdk.domain.riskassessments.risk_assessment_bank_account import \
    RiskAssessmentBankAccount
from ingenico.connect.sdk.domain.riskassessments.risk_assessment_card import RiskAssessmentCard
from ingenico.connect.sdk.domain.services.bank_details_request import BankDetailsRequest
from ingenico.connect.sdk.domain.services.get_iin_details_request import GetIINDetailsRequest
from ingenico.connect.sdk.merchant.productgroups.find_productgroups_params import \
    FindProductgroupsParams
from ingenico.connect.sdk.merchant.productgroups.get_productgroup_params import \
    GetProductgroupParams
from ingenico.connect.sdk.merchant.products.directory_params import DirectoryParams
from ingenico.connect.sdk.merchant.products.find_products_params import FindProductsParams
from ingenico.connect.sdk.merchant.products.get_product_params import GetProductParams
from ingenico.connect.sdk.merchant.services.convert_amount_params import ConvertAmountParams
from ingenico.connect.sdk.reference_exception import ReferenceException
from ingenico.connect.sdk.validation_exception import ValidationException

from drive_sim import MERCHANT_ID, make_client, sim_endpoint

IDEAL = 809
# The official SDK's own integration test account (ISO 13616's example German account).
DE_BBAN = {"countryCode": "DE", "accountNumber": "0532013000", "bankCode": "37040044"}


def in_nl_eur(params):
    params.country_code = "NL"
    params.currency_code = "EUR"
    return params


class ServicesWithOfficialSdk(unittest.TestCase):
    def setUp(self):
        self.client = make_client()
        self.addCleanup(self.client.close)
        self.merchant = self.client.merchant(MERCHANT_ID)

    def test_convert_amount_uses_the_fixed_table(self):
        params = ConvertAmountParams()
        params.source = "USD"
        params.target = "EUR"
        params.amount = 123
        response = self.merchant.services().convert_amount(params)
        self.assertEqual(response.converted_amount, 114)

    def test_products_list_one_product_and_its_directory(self):
        found = self.merchant.products().find(in_nl_eur(FindProductsParams()))
        ids = [p.id for p in found.payment_products]
        self.assertIn(1, ids)
        self.assertIn(IDEAL, ids)

        ideal = self.merchant.products().get(IDEAL, in_nl_eur(GetProductParams()))
        self.assertEqual(ideal.id, IDEAL)
        self.assertEqual(ideal.fields[0].id, "issuerId")
        self.assertEqual(ideal.payment_method, "redirect")

        directory = self.merchant.products().directory(IDEAL, in_nl_eur(DirectoryParams()))
        self.assertGreater(len(directory.entries), 0)
        allowed = ideal.fields[0].data_restrictions.validators.fixed_list.allowed_values
        self.assertEqual([e.issuer_id for e in directory.entries], allowed)

    def test_an_unknown_product_is_a_reference_exception(self):
        with self.assertRaises(ReferenceException) as caught:
            self.merchant.products().get(4242, in_nl_eur(GetProductParams()))
        self.assertEqual(caught.exception.status_code, 404)

    def test_a_missing_country_is_a_validation_exception_naming_it(self):
        params = FindProductsParams()
        params.currency_code = "EUR"
        with self.assertRaises(ValidationException) as caught:
            self.merchant.products().find(params)
        self.assertEqual([e.property_name for e in caught.exception.errors], ["countryCode"])

    def test_product_groups_list_and_the_cards_group(self):
        groups = self.merchant.productgroups().find(in_nl_eur(FindProductgroupsParams()))
        self.assertEqual([g.id for g in groups.payment_product_groups], ["cards"])
        cards = self.merchant.productgroups().get("cards", in_nl_eur(GetProductgroupParams()))
        self.assertEqual(cards.id, "cards")
        self.assertEqual(cards.fields[0].id, "cardNumber")

    def test_iin_details_name_the_card_product(self):
        request = GetIINDetailsRequest().from_dictionary({
            "bin": "456735",
            "paymentContext": {"countryCode": "NL",
                               "amountOfMoney": {"amount": 100, "currencyCode": "EUR"}},
        })
        response = self.merchant.services().get_iin_details(request)
        self.assertEqual(response.payment_product_id, 1)
        self.assertTrue(response.is_allowed_in_context)

    def test_a_bban_converts_to_its_iban(self):
        request = BankDetailsRequest().from_dictionary({"bankAccountBban": DE_BBAN})
        response = self.merchant.services().bankaccount(request)
        self.assertEqual(response.bank_account_iban.iban, "DE89370400440532013000")
        self.assertEqual(response.swift.bic, "COBADEFFXXX")

    def test_risk_assessments_of_a_bank_account_and_a_card(self):
        account = RiskAssessmentBankAccount().from_dictionary({
            "bankAccountBban": DE_BBAN,
            "order": {"amountOfMoney": {"amount": 100, "currencyCode": "EUR"},
                      "customer": {"locale": "en_GB"}},
        })
        response = self.merchant.riskassessments().bankaccounts(account)
        self.assertGreater(len(response.results), 0)
        self.assertEqual(response.results[0].category, "validationbankAccount")
        self.assertEqual(response.results[0].result, "accepted")

        card = RiskAssessmentCard().from_dictionary({
            "card": {"cardNumber": "4567350000427977", "expiryDate": "1230"},
            "order": {"customer": {"billingAddress": {"city": "Denver"}}},
        })
        response = self.merchant.riskassessments().cards(card)
        self.assertEqual(response.results[0].result, "denied")


if __name__ == "__main__":
    try:
        sim_endpoint()
    except RuntimeError as e:
        print("drive_services.py: {}".format(e), file=sys.stderr)
        sys.exit(2)
    unittest.main(verbosity=2)
