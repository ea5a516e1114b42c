from django import forms
from django.utils.translation import gettext_lazy as _

from payments.membership import PLANS
from payments.models import Kind


class CheckoutForm(forms.Form):
    """What the member wants to buy; never its price."""

    kind = forms.ChoiceField(choices=Kind.choices)
    object_id = forms.IntegerField(required=False, min_value=1)
    plan = forms.ChoiceField(
        choices=[("", "")] + [(plan, plan) for plan in PLANS], required=False
    )

    def error_text(self) -> str:
        return str(_("That purchase could not be started: %(errors)s")) % {
            "errors": "; ".join(
                f"{name}: {' '.join(errors)}" for name, errors in self.errors.items()
            )
        }
