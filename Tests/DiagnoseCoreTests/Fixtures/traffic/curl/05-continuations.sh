curl https://api.stripe.com/v1/payment_intents \
  -u sk_test_FAKEcurl5555555555555: \
  -d amount=1099 \
  -d currency=eur \
  -d "automatic_payment_methods[enabled]"=true
