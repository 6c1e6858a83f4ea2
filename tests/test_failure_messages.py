"""A failing run names the cause: the innermost exception, not Dagster's "Error occurred while executing op"."""

import dagster as dg

from newsetl.runner import _failures, describe_error


@dg.op
def clean_a_record():
    try:
        raise KeyError("raw/a.json record 3")
    except KeyError as error:
        raise RuntimeError("while cleaning") from error


@dg.job
def failing_job():
    clean_a_record()


def test_a_step_failure_names_the_innermost_cause():
    result = failing_job.execute_in_process(raise_on_error=False)
    (message,) = _failures(result)
    assert message.startswith("step clean_a_record failed: ")
    assert "KeyError: 'raw/a.json record 3'" in message
    assert "DagsterExecutionStepExecutionError" not in message


def test_an_error_without_a_cause_is_its_own_message():
    assert describe_error(None) == "unknown error"
    from dagster._utils.error import serializable_error_info_from_exc_info

    try:
        raise ValueError("NEWSETL_MAX_FILE_MB='abc'")
    except ValueError:
        import sys

        error = serializable_error_info_from_exc_info(sys.exc_info())
    assert describe_error(error) == "ValueError: NEWSETL_MAX_FILE_MB='abc'"
