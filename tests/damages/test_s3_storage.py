"""A photo's round trip through the S3 storage that `default_storage_from_env` configures (moto stands for the
object store): saved under its random key in the bucket, read back through the field, deleted."""

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws

from clef.damages import services
from clef.utils.storage import default_storage_from_env
from tests.factories.accounts import UserFactory
from tests.factories.damages import PNG_BYTES, InventoryRoomFactory

pytestmark = pytest.mark.django_db

ENVIRONMENT = {
    "CLEF_S3_BUCKET": "clef-test",
    "CLEF_S3_REGION": "eu-west-3",
    "CLEF_S3_ACCESS_KEY_ID": "test",
    "CLEF_S3_SECRET_ACCESS_KEY": "test",
    "CLEF_S3_PREFIX": "clef",
}


@pytest.fixture
def s3(settings):
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-3")
        client.create_bucket(
            Bucket="clef-test", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
        settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env(ENVIRONMENT)}
        yield client


def test_a_photo_round_trips_through_s3(s3):
    room = InventoryRoomFactory()
    photo = services.add_photo(
        room=room, file=SimpleUploadedFile("cuisine.png", PNG_BYTES), acting_user=UserFactory()
    )
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket="clef-test")["Contents"]]
    assert keys == [f"clef/{photo.file.name}"]
    assert photo.file.name.startswith("etats-des-lieux/") and "cuisine" not in photo.file.name
    acl = s3.get_object_acl(Bucket="clef-test", Key=keys[0])
    assert not [grant for grant in acl["Grants"] if "AllUsers" in str(grant.get("Grantee", {}))]  # private
    with photo.file.open("rb") as stored:
        assert stored.read() == PNG_BYTES
    photo.file.delete(save=False)
    assert "Contents" not in s3.list_objects_v2(Bucket="clef-test")
