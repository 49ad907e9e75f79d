"""The writes issue 8 added (withdraw or move a photo, restore an earlier value), through the
one write path (ui/operations.py): they run on the writer thread and ``dataChanged`` tells
list, map, panel and timeline which parcels changed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from otb_desktop.domain.errors import OtbError
from otb_desktop.services.photos import PhotoService
from otb_desktop.services.survey import SurveyService
from otb_desktop.ui.operations import OBSERVATIONS, PHOTOS, Job, operations


def _write(kind: str, fn: Callable[[], Any], ids: list[str], done: Callable[[Any], None],
           failed: Callable[[Exception], None]) -> Job:
    def on_error(error: Exception) -> bool:
        if not isinstance(error, OtbError):
            return False  # a programming error: the standard message names the log file
        failed(error)
        return True

    return operations().run(kind, lambda _progress: fn(), ids=ids, progress=False,
                            on_success=done, on_error=on_error)


def withdraw_photo(service: PhotoService, photo_id: str, parcel_id: str, done,
                   failed) -> Job:
    return _write(PHOTOS, lambda: service.withdraw(photo_id), [parcel_id], done, failed)


def move_photo(service: PhotoService, photo_id: str, from_parcel: str, to_parcel: str, done,
               failed) -> Job:
    return _write(PHOTOS, lambda: service.move(photo_id, to_parcel), [from_parcel, to_parcel],
                  done, failed)


def restore_observation(survey: SurveyService, observation_id: str, parcel_id: str, done,
                        failed) -> Job:
    return _write(OBSERVATIONS, lambda: survey.restore(observation_id), [parcel_id], done,
                  failed)
