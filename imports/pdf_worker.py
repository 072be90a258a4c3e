"""Read the lines of a PDF given on standard input; run only as a child process.

A hostile or broken PDF can make a PDF library loop or allocate without end, so
the server never reads one in its own process: this script runs with limits on
memory and processor time, and the parent kills it when the wall clock runs out.
It prints one JSON object: {"status": "ok", "pages": [...]}, each page with its size
and its lines as [text, x0, x1, top, bottom, font size, width of the first word], or a
status naming what was wrong. The parent lays the lines out into paragraphs.
"""

import json
import resource
import sys

# A gap between two characters of a line wider than this many font sizes is a tab stop
# or a table column, written " | " so that the parent can tell cells apart.
COLUMN_GAP = 2.5


def limit(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def line_row(line: dict) -> list:
    chars = []
    for char in line.get("chars", []):
        # A ligature glyph ("fi") comes once for each letter it stands for.
        if char.get("text") and not (
            chars
            and char is chars[-1]
            or (chars and char["x0"] == chars[-1]["x0"] and char["text"] == chars[-1]["text"])
        ):
            chars.append(char)
    if not chars:
        return [line["text"], line["x0"], line["x1"], line["top"], line["bottom"], 10.0, 0.0]
    size = max(1.0, sorted(c.get("size", 10.0) for c in chars)[len(chars) // 2])
    parts: list[str] = []
    previous = None
    space = False
    first_word_end = None
    for char in chars:
        text = char["text"]
        if text.isspace():
            space = True
            continue
        if previous is not None:
            gap = char["x0"] - previous["x1"]
            if gap > COLUMN_GAP * size:
                parts.append(" | ")
            elif space or gap > 0.2 * size:
                parts.append(" ")
            if (space or gap > 0.2 * size) and first_word_end is None:
                first_word_end = previous["x1"]
        parts.append(text)
        space = False
        previous = char
    if first_word_end is None and previous is not None:
        first_word_end = previous["x1"]
    x0 = chars[0]["x0"]
    return [
        "".join(parts),
        x0,
        max(c["x1"] for c in chars),
        line["top"],
        line["bottom"],
        size,
        (first_word_end or x0) - x0,
    ]


def read(data: bytes) -> dict:
    import io

    import pdfplumber
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return {"status": "encrypted"}
        len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return {"status": "invalid"}
    except Exception as error:  # noqa: BLE001 - any failure of a damaged file is "invalid"
        if "decrypt" in str(error).lower() or "password" in str(error).lower():
            return {"status": "encrypted"}
        return {"status": "invalid"}
    pages: list[dict] = []
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            for page in pdf.pages:
                lines = page.extract_text_lines(return_chars=True, strip=True)
                pages.append(
                    {
                        "width": float(page.width),
                        "height": float(page.height),
                        "lines": [line_row(line) for line in lines],
                    }
                )
                page.close()
    except Exception:  # noqa: BLE001
        return {"status": "invalid"}
    return {"status": "ok", "pages": pages}


def main() -> None:
    memory, cpu = int(sys.argv[1]), int(sys.argv[2])
    limit(memory, cpu)
    data = sys.stdin.buffer.read()
    try:
        result = read(data)
    except MemoryError:
        result = {"status": "memory"}
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
