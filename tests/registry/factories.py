"""Factories for registry rows. Rows built here skip services on purpose: they set up scenes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from jahesh.registry import models


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Municipality
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"city-{n}")
    name = factory.Sequence(lambda n: f"شهرداری شهر {n}")
    city_name = factory.Sequence(lambda n: f"شهر {n}")
    outlet_name = "خبرگزاری شهر"
    center_latitude = Decimal("29.610000")
    center_longitude = Decimal("52.530000")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.District

    municipality = factory.SubFactory(MunicipalityFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"منطقه {o.number}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Unit

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"U{n}")
    name = factory.Sequence(lambda n: f"معاونت {n}")
    kind = models.UnitKind.DEPUTY


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Sector

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"sector-{n}")
    name = factory.Sequence(lambda n: f"حوزه {n}")
    oc4ids_code = "transport.urban"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Project
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    code = factory.Sequence(lambda n: f"P-{n:05d}")
    title = factory.Sequence(lambda n: f"پروژه شماره {n}")
    slug = factory.Sequence(lambda n: f"پروژه-{n}")
    district = factory.SubFactory(
        DistrictFactory, municipality=factory.SelfAttribute("..municipality")
    )
    status = models.ProjectStatus.IMPLEMENTATION
    physical_progress_pct = 80
    credit_rial = 1_000_000_000_000
    latitude = Decimal("29.600000")
    longitude = Decimal("52.520000")

    @factory.post_generation
    def sectors(
        self, create: bool, extracted: list[models.Sector] | None, **kwargs: object
    ) -> None:
        if not create:
            return
        if extracted:
            self.sectors.set(extracted)
        else:
            self.sectors.add(SectorFactory(municipality=self.municipality))


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Official

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"مقام {n}")
    position = "شهردار"
    kind = models.OfficialKind.MAYOR
    rank = 90


class CeremonyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Ceremony

    project = factory.SubFactory(ProjectFactory)
    municipality = factory.SelfAttribute("project.municipality")
    kind = models.CeremonyKind.INAUGURATION
    ready_from = dt.date(2023, 2, 1)
    latest_date = dt.date(2023, 6, 21)
    importance = 5
    readiness = models.Readiness.READY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("pass-for-tests")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = models.Role.EDITOR
