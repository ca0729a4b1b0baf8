"""Exports of claims and their reviews: CSV, JSON Lines, ClaimReview JSON-LD."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/exports", tags=["exports"])
