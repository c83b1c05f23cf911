"""What every command shares: its options, loading the lexicon, the progress bar and the
one-line summary, turning phrasebook's errors into one-line messages, and tables shown
in a terminal.

Nothing heavy is imported here at module level: ``phrasebook --help`` must stay fast.
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional, TypeVar

import typer

from phrasebook.errors import LexiconError, PhrasebookError, PhrasebookWarning

if TYPE_CHECKING:
    import pandas as pd

    from phrasebook.corpus import Corpus
    from phrasebook.lexicon import Lexicon
    from phrasebook.pipeline import TaggedDocument

F = TypeVar("F", bound=Callable[..., Any])

PathsArgument = typer.Argument(None, help="Files or folders (default: the bundled sample corpus/).", show_default=False)
OutputOption = typer.Option(None, "-o", "--output", help="Write the table here: .csv, .jsonl or .parquet.")
LexiconOption = typer.Option(None, "--lexicon", help="Lexicon folder (default: the bundled lexicon/).")
WorkersOption = typer.Option(1, "--workers", min=1, help="Processes to tag with; results are identical.")
DatePatternOption = typer.Option(
    "", "--date-pattern", metavar="PATTERN",
    help="Read the dates of documents that have none in metadata or text from their file names by this pattern: "
    "{year}, {month}, {day} and * (gwr-{year} reads gwr-2015.txt). Default: a date or year anywhere in the name.",
)
DbOption = typer.Option(None, "--db", help="Answer from this store (made by `phrasebook tag ... --db`) instead of reading files.")


def reports_errors(command: F) -> F:
    """Wrap a command: phrasebook's errors become a message on standard error and an exit
    code (2 for a usage error, 1 otherwise), never a traceback; warnings print as one
    line each. Ctrl-C prints one line (what was written, what was not) and exits 130."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from phrasebook import output

        written_before, unfinished_before = len(output.published), set(output.unfinished)
        with warnings.catch_warnings():
            warnings.simplefilter("always", PhrasebookWarning)
            warnings.showwarning = _show_warning
            try:
                return command(*args, **kwargs)
            except LexiconError as exc:
                for problem in exc.problems:
                    typer.echo(str(problem), err=True)
                typer.echo("error: the lexicon has errors (see above; `phrasebook lexicon check` lists them)", err=True)
                raise typer.Exit(exc.exit_code) from None
            except PhrasebookError as exc:
                typer.echo(f"error: {exc}", err=True)
                raise typer.Exit(exc.exit_code) from None
            except KeyboardInterrupt:
                unwritten = [target for target in output.unfinished if target not in unfinished_before]
                typer.echo(_interrupted(output.published[written_before:], unwritten), err=True)
                raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


def _interrupted(written: list[Path], unwritten: list[Path]) -> str:
    done = f"wrote {', '.join(map(str, written))}" if written else "wrote nothing"
    left = f"; not written: {', '.join(map(str, unwritten))} (no file there was changed)" if unwritten else ""
    return f"interrupted: {done}{left}"


def _show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    typer.echo(f"warning: {message}", err=True)


def inputs_or_sample(paths: Optional[list[Path]]) -> list[Path]:
    """The given paths, or the bundled sample corpus."""
    from phrasebook.read.sources import bundled_corpus_dir

    return list(paths) if paths else [bundled_corpus_dir()]


def load_lexicon_option(root: Optional[Path]) -> Lexicon:
    from phrasebook.lexicon import load_lexicon

    return load_lexicon(root)


@contextmanager
def progress_bar(label: str) -> Iterator[Callable[[int], None]]:
    """A progress bar on standard error (when it is a terminal), advanced by a number of documents."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    bar = Progress(
        SpinnerColumn(), TextColumn(label), BarColumn(), TextColumn("{task.completed:,} documents"),
        TimeElapsedColumn(), console=console, disable=not sys.stderr.isatty(), transient=True,
    )
    with bar:
        task = bar.add_task(label, total=None)

        def advance(documents: int) -> None:
            bar.advance(task, documents)

        yield advance


def per_document(advance: Callable[[int], None]) -> Callable[[TaggedDocument], None]:
    """A progress callback over tagged items that advances once per whole document."""

    def take(item: TaggedDocument) -> None:
        if item.last:
            advance(1)

    return take


@contextmanager
def reading(label: str, corpus_factory: Callable[[Callable[[TaggedDocument], None]], Corpus]) -> Iterator[Corpus]:
    """Make a corpus with a progress bar and read it now; afterwards print what could not
    be read and the one-line summary, and exit 1 if an input failed."""
    with progress_bar(label) as advance:
        corpus = corpus_factory(per_document(advance))
        corpus.run()
    yield corpus
    finish(corpus.run(), corpus.seconds, corpus.lexicon.version)


def finish(stats: Any, seconds: float, version: str) -> None:
    """Print every repair, every failure and the run's summary on standard error; exit 1
    after failures."""
    for warning in stats.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for failure in stats.failures:
        typer.echo(failure, err=True)
    typer.echo(f"{stats.summary(seconds)} (lexicon {version})", err=True)
    if stats.failed:
        raise typer.Exit(1)


def show_table(table: pd.DataFrame, *, columns: list[str], title: str, limit: int = 30, wide: frozenset[str] = frozenset()) -> None:
    """Print the first ``limit`` rows so that they fit the terminal (80 columns at least):
    the essential ``columns`` only. Widths are measured in terminal cells (a Chinese
    character takes two, as rich measures them); the ``wide`` columns (a wording, a
    sentence) get what they need first, down to ``MIN_NARROW`` cells for the others, and
    wrap rather than lose their end (辐射中心 is the end of its phrase); the others are cut
    with an ellipsis. Files get every column whole."""
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    console = Console()
    rows = [[_cell(value) for value in row] for row in table.head(limit)[columns].itertuples(index=False)]
    natural = {column: max([cell_len(column), *(cell_len(row[index]) for row in rows)]) for index, column in enumerate(columns)}
    room = console.width - 3 * len(columns) - 1  # borders and padding
    wide_columns = [column for column in columns if column in wide]
    wanted = sum(natural[column] for column in wide_columns)
    cap = NARROW
    while cap > MIN_NARROW and room - sum(min(natural[c], cap) for c in columns if c not in wide) < wanted:
        cap -= 1
    widths = {column: min(natural[column], cap) for column in columns if column not in wide}
    left = room - sum(widths.values())
    for column in wide_columns:
        widths[column] = max(6, min(natural[column], left // len(wide_columns)))
    shown = min(limit, len(table))
    view = Table(title=f"{title}: {shown} of {len(table):,} rows" + (" (write them all with -o)" if shown < len(table) else ""), title_justify="left")
    for column in columns:
        if column in wide:
            view.add_column(column, width=widths[column], overflow="fold")
        else:
            view.add_column(column, width=widths[column], no_wrap=True, overflow="ellipsis")
    for row in rows:
        view.add_row(*row)
    console.print(view)


NARROW, MIN_NARROW = 14, 8
"""The widest a non-wide column is shown in a terminal (an id, a code, a number), and
the narrowest it is cut to when a wide column needs the room."""


def _cell(value: Any) -> str:
    import pandas as pd

    if isinstance(value, list):
        return ";".join(map(str, value))
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    return str(value)


def write_or_show(table: pd.DataFrame, output: Optional[Path], *, columns: list[str], title: str, wide: frozenset[str] = frozenset()) -> None:
    """Write the table to ``output`` (atomically), or show its head in the terminal."""
    if output is not None:
        from phrasebook.output import write_table

        write_table(table, output)
        typer.echo(f"wrote {len(table):,} rows to {output}", err=True)
    else:
        show_table(table, columns=[c for c in columns if c in table.columns], title=title, wide=wide)


def check_table_output(
    option: str, path: Optional[Path], *others: tuple[str, Optional[Path], tuple[str, ...]], inputs: list[Path]
) -> None:
    """Refuse, before any work, an output that cannot be written, clashing outputs, and
    an output that would overwrite one of ``inputs`` (see :func:`run_inputs`)."""
    from phrasebook.output import TABLE_FORMATS, check_outputs

    check_outputs([(option, path, TABLE_FORMATS), *others], inputs=inputs)


def run_inputs(paths: Optional[list[Path]], db: Optional[Path] = None) -> list[Path]:
    """What a command reads: the store, else the given paths or the bundled sample."""
    return [db] if db is not None else inputs_or_sample(paths)


def refuse_date_pattern_with_db(date_pattern: str) -> None:
    """A store keeps the dates it was tagged with: --date-pattern reads files."""
    from phrasebook.errors import UsageError

    if date_pattern:
        raise UsageError("--date-pattern reads dates from file names: give files or folders, not --db")


@contextmanager
def read_corpus(label: str, paths: Optional[list[Path]], *, lexicon: Optional[Path], db: Optional[Path] = None, **options: Any) -> Iterator[Corpus]:
    """:func:`reading` a corpus of ``paths`` (or the sample) with the lexicon option's
    lexicon, or the corpus of a store (``db``); ``options`` go to :class:`phrasebook.Corpus`."""
    from phrasebook.corpus import Corpus
    from phrasebook.errors import UsageError
    from phrasebook.store import open_corpus

    loaded = load_lexicon_option(lexicon)
    if db is not None:
        if paths:
            raise UsageError("give files or folders, or --db, not both")
        refuse_date_pattern_with_db(options.get("date_pattern", ""))
        with reading(label, lambda progress: open_corpus(db, lexicon=loaded)) as corpus:
            yield corpus
        return
    inputs = inputs_or_sample(paths)
    with reading(label, lambda progress: Corpus(inputs, lexicon=loaded, progress=progress, **options)) as corpus:
        yield corpus
