/* Haru billing: opens Toss Payments' or PortOne's own window on the checkout page.
 * Configuration comes from data-config on #billing-pay (no inline scripts: CSP). The
 * server decides the amount; after the window, the server verifies everything again. */
(function () {
  "use strict";
  var button = document.getElementById("billing-pay");
  if (!button) { return; }
  var config = JSON.parse(button.dataset.config);
  var errorBox = document.getElementById("billing-error");
  var completeForm = document.getElementById("billing-complete");

  function showError(message) {
    errorBox.textContent = message || "";
    errorBox.hidden = !message;
    button.disabled = false;
  }

  function submit(field, value) {
    completeForm.querySelector('input[name="' + field + '"]').value = value;
    completeForm.submit();
  }

  // Haru's way-to-pay kinds as the providers name them
  var EASY_PAY = { kakaopay: "KAKAOPAY", naverpay: "NAVERPAY", tosspay: "TOSSPAY" };
  var kind = config.methodKind || "card";

  function toss() {
    var payment = window.TossPayments(config.client_key).payment({ customerKey: config.customerKey });
    if (config.registersCard) {
      // 자동결제: a card (method CARD) or a bank account through 퀵계좌이체 (method TRANSFER)
      // docs.tosspayments.com/guides/v2/billing/integration-quick
      return payment.requestBillingAuth({
        method: kind === "bank" ? "TRANSFER" : "CARD",
        successUrl: config.successUrl,
        failUrl: config.failUrl,
        customerEmail: config.customerEmail || undefined
      });
    }
    var request = {
      method: "CARD",
      amount: { currency: config.currency, value: config.amount },
      orderId: config.orderId,
      orderName: config.orderName,
      successUrl: config.successUrl,
      failUrl: config.failUrl,
      customerEmail: config.customerEmail || undefined
    };
    if (EASY_PAY[kind]) {
      // open the wallet directly: card.flowMode DIRECT with card.easyPay (Toss SDK v2)
      request.card = { flowMode: "DIRECT", easyPay: EASY_PAY[kind] };
    }
    return payment.requestPayment(request);
  }

  function portoneChannel() {
    if (kind === "kakaopay") { return config.kakaopay_channel_key; }
    if (kind === "naverpay") { return config.naverpay_channel_key; }
    return config.channel_key;
  }

  function portone() {
    if (config.registersCard) {
      // KakaoPay / NaverPay keys: billingKeyMethod EASY_PAY on the wallet's own channel
      return window.PortOne.requestIssueBillingKey({
        storeId: config.store_id,
        channelKey: portoneChannel(),
        billingKeyMethod: EASY_PAY[kind] ? "EASY_PAY" : "CARD",
        issueId: config.orderId,
        issueName: config.orderName,
        customer: { customerId: config.customerKey, email: config.customerEmail || undefined },
        redirectUrl: config.successUrl
      }).then(function (response) {
        if (!response || response.code) { throw new Error(response ? response.message : ""); }
        submit("billingKey", response.billingKey);
      });
    }
    return window.PortOne.requestPayment({
      storeId: config.store_id,
      channelKey: portoneChannel(),
      paymentId: config.orderId,
      orderName: config.orderName,
      totalAmount: config.amount,
      currency: "CURRENCY_" + config.currency,
      payMethod: EASY_PAY[kind] ? "EASY_PAY" : "CARD",
      easyPay: EASY_PAY[kind] ? { easyPayProvider: EASY_PAY[kind] } : undefined,
      customer: { customerId: config.customerKey, email: config.customerEmail || undefined },
      redirectUrl: config.successUrl
    }).then(function (response) {
      if (!response || response.code) { throw new Error(response ? response.message : ""); }
      submit("paymentId", response.paymentId);
    });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    showError("");
    var run = config.provider === "toss" ? toss : portone;
    try {
      Promise.resolve(run()).catch(function (error) { showError(error && error.message); });
    } catch (error) {
      showError(error && error.message);
    }
  });
}());
