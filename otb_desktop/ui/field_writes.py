"""The writes issue 8 added (withdraw or move a photo, restore an earlier value), run off the
GUI thread on the one-writer pool; one place to route them through the window's operations
object once it exists (its ``dataChanged`` then tells list, map and panel)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from otb_desktop.services.photos import PhotoService
from otb_desktop.services.survey import SurveyService
from otb_desktop.ui import workers


def _write(fn: Callable[[], Any], done: Callable[[Any], None],
           failed: Callable[[Exception], None]) -> workers.Task:
    return workers.run_task(lambda _progress: fn(), on_result=done, on_error=failed,
                            writes=True)


def withdraw_photo(service: PhotoService, photo_id: str, done, failed) -> workers.Task:
    return _write(lambda: service.withdraw(photo_id), done, failed)


def move_photo(service: PhotoService, photo_id: str, parcel_id: str, done,
               failed) -> workers.Task:
    return _write(lambda: service.move(photo_id, parcel_id), done, failed)


def restore_observation(survey: SurveyService, observation_id: str, done,
                        failed) -> workers.Task:
    return _write(lambda: survey.restore(observation_id), done, failed)
