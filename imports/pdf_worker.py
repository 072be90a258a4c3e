"""Read the text of a PDF given on standard input; run only as a child process.

A hostile or broken PDF can make a PDF library loop or allocate without end, so
the server never reads one in its own process: this script runs with limits on
memory and processor time, and the parent kills it when the wall clock runs out.
It prints one JSON object: {"status": "ok", "text": ..., "pages": n}, or a status
naming what was wrong.
"""

import json
import resource
import sys


def limit(memory_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def page_lines(page) -> list[str]:
    """The page's lines, with a blank line where the layout leaves a gap.

    The gaps are the paragraph breaks of the document; the minutes parser needs them
    to see where a decision block or a title ends.
    """
    lines = page.extract_text_lines(return_chars=False)
    out: list[str] = []
    previous = None
    for line in lines:
        if previous is not None:
            height = max(previous["bottom"] - previous["top"], 1.0)
            if line["top"] - previous["bottom"] > 0.6 * height:
                out.append("")
        out.append(line["text"])
        previous = line
    return out


def read(data: bytes) -> dict:
    import io

    import pdfplumber
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return {"status": "encrypted"}
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError):
        return {"status": "invalid"}
    except Exception as error:  # noqa: BLE001 - any failure of a damaged file is "invalid"
        if "decrypt" in str(error).lower() or "password" in str(error).lower():
            return {"status": "encrypted"}
        return {"status": "invalid"}
    chunks: list[str] = []
    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            for page in pdf.pages:
                chunks.append("\n".join(page_lines(page)))
                page.close()
    except Exception:  # noqa: BLE001
        return {"status": "invalid"}
    # A page that ends mid-sentence goes on on the next page: no paragraph break there.
    text = ""
    for chunk in chunks:
        if text and chunk:
            text += "\n\n" if text.rstrip().endswith((".", "!", "?", ":")) else "\n"
        text += chunk
    return {"status": "ok", "text": text, "pages": pages}


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
