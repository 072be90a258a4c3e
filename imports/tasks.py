"""Work of the imports for the background worker (`manage.py db_worker`).

Each task takes a plain id and decides from the database what is left to do, so that a
task enqueued twice, or run again after a worker stopped, does no harm.
"""

from django_tasks import task

from . import batch


@task()
def read_batch(batch_id: int) -> int:
    """Read the waiting documents of a batch; then ask again for any a stopped worker
    left, in this batch or another."""
    done = batch.read_batch(batch_id)
    batch.resume_stalled()
    return done


@task()
def save_clean_documents(
    batch_id: int, user_id: int, link: bool = False, publish: bool = False
) -> int:
    """Save, in date order, the documents of a batch that were read without a warning."""
    return batch.save_clean(batch_id=batch_id, user_id=user_id, link=link, publish=publish)


@task()
def extract_attachment_text(attachment_id: int) -> str:
    """Read an attachment's file for the search, unless it is read already."""
    from .attachment_text import read_attachment_text

    return read_attachment_text(attachment_id)
