// Card payment page: mounts Stripe's Payment Element and confirms the PaymentIntent. Stripe then
// sends the customer to the return page, which asks Stripe (server-side) how the payment went.
(function () {
  "use strict";
  const form = document.getElementById("card-payment-form");
  if (!form) return;
  const errors = document.getElementById("card-errors");
  const button = document.getElementById("card-submit");

  function start() {
    if (typeof window.Stripe !== "function") {
      errors.textContent = form.dataset.loadError;
      return;
    }
    const stripe = window.Stripe(form.dataset.publishableKey, { locale: form.dataset.locale });
    const elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
    elements.create("payment").mount("#payment-element");
    button.disabled = false;
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      button.disabled = true;
      errors.textContent = "";
      const result = await stripe.confirmPayment({
        elements: elements,
        confirmParams: { return_url: form.dataset.returnUrl },
      });
      // Reached only when Stripe answers at once (declined card, incomplete form); otherwise the
      // browser is already on its way to the return page.
      errors.textContent = result.error ? result.error.message : "";
      button.disabled = false;
    });
  }

  // "load" fires once every script, Stripe.js included, has run or failed.
  window.addEventListener("load", start);
})();
