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

  function toss() {
    var payment = window.TossPayments(config.client_key).payment({ customerKey: config.customerKey });
    if (config.registersCard) {
      return payment.requestBillingAuth({
        method: "CARD",
        successUrl: config.successUrl,
        failUrl: config.failUrl,
        customerEmail: config.customerEmail || undefined
      });
    }
    return payment.requestPayment({
      method: "CARD",
      amount: { currency: config.currency, value: config.amount },
      orderId: config.orderId,
      orderName: config.orderName,
      successUrl: config.successUrl,
      failUrl: config.failUrl,
      customerEmail: config.customerEmail || undefined
    });
  }

  function portone() {
    if (config.registersCard) {
      return window.PortOne.requestIssueBillingKey({
        storeId: config.store_id,
        channelKey: config.channel_key,
        billingKeyMethod: "CARD",
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
      channelKey: config.channel_key,
      paymentId: config.orderId,
      orderName: config.orderName,
      totalAmount: config.amount,
      currency: "CURRENCY_" + config.currency,
      payMethod: "CARD",
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
