import time

import pytest
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories.accounts import UserFactory


@pytest.mark.django_db
def test_the_demo_command_prints_the_current_code(settings, capsys):
    settings.DEBUG = True
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="x", confirmed=False)
    call_command("totp_code", user.email.upper())
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    now = time.time()
    expected = set()
    for moment in (now, now - device.step):  # the period may have just changed
        totp.time = moment
        expected.add(f"{totp.token():06d}")
    assert capsys.readouterr().out[:6] in expected


@pytest.mark.django_db
def test_the_demo_command_is_refused_outside_debug(settings):
    settings.DEBUG = False
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="x", confirmed=True)
    with pytest.raises(CommandError, match="DEBUG=true"):
        call_command("totp_code", user.email)
