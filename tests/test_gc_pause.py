"""Cyclic collection paused around bulk work: one count for every thread, so a sync's pull
and a load of the parcel list never switch collection on under each other."""

import gc
import threading

from otb_desktop import gc_pause


def test_collection_is_on_again_only_when_the_last_block_of_any_thread_leaves():
    assert gc.isenabled()
    before = gc.get_freeze_count()
    entered, leave = threading.Event(), threading.Event()

    def pull() -> None:
        with gc_pause.paused():
            entered.set()
            leave.wait(5)

    thread = threading.Thread(target=pull)
    thread.start()
    assert entered.wait(5)
    with gc_pause.paused(freeze=True):          # a load while the pull runs
        kept = [{"a": [i]} for i in range(1000)]
    assert not gc.isenabled()                  # the pull is still inside
    assert gc.get_freeze_count() == before     # frozen when the last one leaves
    leave.set()
    thread.join()
    assert gc.isenabled()
    assert gc.get_freeze_count() >= before + len(kept)
    gc.unfreeze()
    with gc_pause.paused():
        pass
    assert gc.isenabled() and gc.get_freeze_count() == 0   # nothing asked to freeze
