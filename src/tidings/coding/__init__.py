"""Coding: who the actors are (`actors`), then what they did to whom (`events`)."""
