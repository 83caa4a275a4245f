"""Factories for leap-planning rows; they set up scenes and skip services on purpose."""

from __future__ import annotations

import datetime as dt

import factory

from jahesh.leaps import models
from tests.registry.factories import CeremonyFactory, MunicipalityFactory, ProjectFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Programme

    municipality = factory.SubFactory(MunicipalityFactory)
    slug = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"جهش عمرانی {n}")
    wave_noun = "مرحله"
    started_on = dt.date(2023, 2, 1)


class WaveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Wave

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    start_date = dt.date(2023, 2, 1)
    end_date = dt.date(2023, 2, 2)
    slots_per_day = 4
    max_ceremonies = 10
    headline_cap = 3


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Plan

    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SelfAttribute("programme.municipality")
    status = models.PlanStatus.CURRENT


class PlanAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PlanAssignment

    plan = factory.SubFactory(PlanFactory)
    wave = factory.SubFactory(WaveFactory, programme=factory.SelfAttribute("..plan.programme"))
    ceremony = factory.SubFactory(
        CeremonyFactory,
        project=factory.SubFactory(
            ProjectFactory, municipality=factory.SelfAttribute("...plan.municipality")
        ),
    )
    day = factory.SelfAttribute("wave.start_date")
    slot = 0
