from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice
from dsfr.models import DsfrConfig, DsfrSocialMedia

from clef.accounts.models import User
from clef.organisations.admin import MEMBERSHIP_LABELS
from clef.organisations.models import Membership
from clef.utils.admin import FrenchLabelsMixin, TabularInline

admin.site.site_header = "Clef — administration de la plateforme"
admin.site.site_title = "Administration de Clef"
admin.site.index_title = "Tableau de bord de l'administration"


class MembershipInline(TabularInline):
    model = Membership
    extra = 0
    fk_name = "user"
    autocomplete_fields = ["organisation"]
    labels = MEMBERSHIP_LABELS


@admin.register(User)
class UserAdmin(FrenchLabelsMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_superuser"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Identité", {"fields": ("first_name", "last_name")}),
        ("Droits", {"fields": ("is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


# Second factors (django-otp): the administrator may rename, disable or delete the device of a user who
# lost it, never read its secret (OTP_ADMIN_HIDE_SENSITIVE_DATA). French labels over django-otp's own.
DEVICE_LABELS = {
    "user": "utilisateur",
    "name": "nom",
    "confirmed": "activé",
    "created_at": "créé le",
    "last_used_at": "dernière utilisation",
    "key": "clé secrète",
    "step": "durée de validité d'un code (secondes)",
    "t0": "origine du temps (Unix)",
    "digits": "nombre de chiffres",
    "tolerance": "tolérance (pas de temps)",
    "drift": "décalage d'horloge (pas de temps)",
    "throttling_failure_timestamp": "dernier échec",
    "throttling_failure_count": "échecs consécutifs",
}
DEVICE_SECTIONS = {
    "Identity": "Identité",
    "Timestamps": "Dates",
    "Configuration": "Paramètres",
    "State": "État",
    "Throttling": "Limitation des essais",
}


class FrenchDeviceAdminMixin(FrenchLabelsMixin):
    labels = DEVICE_LABELS
    readonly_fields = ["created_at", "last_used_at", "throttling_failure_timestamp"]

    def get_fieldsets(self, request, obj=None):
        return [
            (DEVICE_SECTIONS.get(title, title), options)
            for title, options in super().get_fieldsets(request, obj)
        ]


class FrenchTOTPDeviceAdmin(FrenchDeviceAdminMixin, TOTPDeviceAdmin):
    pass


class StaticTokenInline(TabularInline):
    model = StaticToken
    extra = 0
    labels = {"token": "code de secours"}


class FrenchStaticDeviceAdmin(FrenchDeviceAdminMixin, StaticDeviceAdmin):
    inlines = [StaticTokenInline]


for model, model_admin in ((TOTPDevice, FrenchTOTPDeviceAdmin), (StaticDevice, FrenchStaticDeviceAdmin)):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, model_admin)

# django-dsfr's site settings (header, footer, social networks) drive its own base templates, which Clef
# does not use (templates/layout/): editing them would change nothing.
for model in (DsfrConfig, DsfrSocialMedia):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
