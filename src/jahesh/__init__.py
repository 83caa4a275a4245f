"""Jahesh: plan, hold and publicise a city's construction leap."""

__version__ = "0.1.0"
