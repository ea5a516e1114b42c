"""/payments/...: checkout, return, portal and Stripe's webhook."""

from django.urls import path

from payments import views

urlpatterns = [
    path("checkout/", views.checkout, name="checkout"),
    path("return/<int:payment_id>/", views.checkout_return, name="checkout_return"),
    path("portal/", views.billing_portal, name="billing_portal"),
    path("webhook/", views.webhook, name="stripe_webhook"),
]
