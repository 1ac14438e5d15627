"""The caps every reader keeps to, whatever its input, and the messages of refusal.

A hostile or broken file (a ZIP bomb, a 3 GB text, ``/dev/zero``, HTML nested ten
thousand deep, a dense 200-page PDF) is refused with a :class:`~gongkai.core.errors.LimitError`
naming the cap, in bounded memory and time, before it can exhaust either:
``bench/hostile.py`` holds ``gongkai audit`` to 300 MB and 10 s on each hostile file
(figures in ``bench/README.md``, the caps' story in ``docs/fuzzing.md``).

Each cap is far above the largest real report measured (2026-12-05, the published files
of ``shared/fixtures/original`` and the seed report), by the margin in the last column:

=================== ================ ============================================= =======
cap                 value            largest real report                           margin
=================== ================ ============================================= =======
MAX_FILE_BYTES      32 MB            412,842 bytes (05-huaian-city-2024.pdf)       ×81
MAX_TEXT_CHARS      1,000,000        6,692 characters read (01-shanghai….html)     ×149
MAX_TEXT_CELLS      50,000           356 cells (05-huaian-city-2024.pdf)           ×140
MAX_MARKUP_TAGS     300,000          10,128 ``<`` in document.xml (06-…docx);       ×29
                                     3,546 in a page (02-shuyang-fgj-2023.html)    ×85
MAX_MARKUP_DEPTH    256              19 levels (02-shuyang-fgj-2023.html)          ×13
MAX_MARKUP_TEXT_…   10,000,000 bytes libxml2's limit on a run of text
MAX_ZIP_MEMBERS     1,000            16 members (06-official-template….docx)       ×62
MAX_DOCX_XML_BYTES  16 MB            251,552 bytes of document.xml (06-….docx)     ×66
MAX_PDF_PAGES       100              6 pages (05-huaian-city-2024.pdf)             ×16
PDF_CPU_SECONDS     4 s              0.06 s of CPU (05-huaian-city-2024.pdf)        ×66
PDF_MEMORY_BYTES    160 MB           5 MB more address space (both PDFs)           ×32
LEGACY_WORD_SECONDS 120 s            2.3–2.5 s (the template saved as .doc)        ×48
LEGACY_WORD_MEMORY… 4,096 MB         572 MB address space, 209 MB resident (both   ×7
                                     .doc files); it fails below 450–480 MB
=================== ================ ============================================= =======

How each is kept:

* Files are read in chunks of :data:`READ_CHUNK_BYTES`, never whole before their size is
  known: a regular file over :data:`MAX_FILE_BYTES` is refused from its size, a pipe
  once that much has been read; devices (``/dev/zero``, a terminal) and sockets are not
  read at all. A text file is refused over ``4 * MAX_TEXT_CHARS`` bytes before it is
  decoded (no character takes more than 4 bytes in UTF-8 or GB18030).
* The text reader (every kind ends there) refuses more than :data:`MAX_TEXT_CHARS`
  characters or :data:`MAX_TEXT_CELLS` cells: its memory is about 200 bytes a cell.
* HTML and DOCX: the ``<`` of the markup are counted before lxml builds a tree
  (:data:`MAX_MARKUP_TAGS`; about 400 bytes an element); nesting deeper than
  :data:`MAX_MARKUP_DEPTH` is libxml2's own limit (lxml without ``huge_tree``), and
  its error is turned into this message, as is its limit on a run of text between two
  tags (:data:`MAX_MARKUP_TEXT_BYTES`). DOCX: a package with more than
  :data:`MAX_ZIP_MEMBERS` central-directory entries is refused before the directory is
  parsed, ``word/document.xml`` is refused when the directory declares it over
  :data:`MAX_DOCX_XML_BYTES`, and inflated in chunks that stop at that size whatever
  the directory declares.
* PDF: PDFium is native code that inflates every stream whole (a 1 MB file inflating
  to 1 GB takes 2 GB) and cannot be interrupted, so the pages are read in a helper
  process (:mod:`gongkai.core.report.parse.sandbox`) whose address space may grow by
  :data:`PDF_MEMORY_BYTES` (``RLIMIT_AS``) and which is stopped once it has spent
  :data:`PDF_CPU_SECONDS` of CPU time on a file; the file is then refused. CPU time,
  not wall-clock time, so that a loaded machine (or ``--jobs`` above the number of
  cores) does not refuse a real report: a dense PDF is refused after 4.9 s of wall
  time at a load average of 1.3 on 2 cores, 6.5 s at 3.5. More than
  :data:`MAX_PDF_PAGES` pages are refused before any page is read.
* Old Word files: LibreOffice converts them (:mod:`gongkai.core.report.parse.legacy_word`)
  with a time limit of :data:`LEGACY_WORD_SECONDS` (wall-clock: the whole process group
  is killed past it) and its address space capped at :data:`LEGACY_WORD_MEMORY_BYTES`
  (``RLIMIT_AS`` of each of its processes); its output is refused over
  :data:`MAX_FILE_BYTES`, else read as a DOCX under the caps above. The address space
  it needs grows with the machine's cores (a stack for each thread of its pools, a
  malloc arena for each thread that contends): hence the margin.
"""

from __future__ import annotations

__all__ = [
    "LEGACY_WORD_MEMORY_BYTES",
    "LEGACY_WORD_SECONDS",
    "MAX_DOCX_XML_BYTES",
    "MAX_FILE_BYTES",
    "MAX_MARKUP_DEPTH",
    "MAX_MARKUP_TAGS",
    "MAX_MARKUP_TEXT_BYTES",
    "MAX_PDF_PAGES",
    "MAX_TEXT_CELLS",
    "MAX_TEXT_CHARS",
    "MAX_ZIP_MEMBERS",
    "PDF_CPU_SECONDS",
    "PDF_MEMORY_BYTES",
    "READ_CHUNK_BYTES",
    "size",
]

MB = 1024 * 1024

#: Any file: larger is refused (from its size, or once that much has come down a pipe).
MAX_FILE_BYTES = 32 * MB
#: Files and ZIP members are read this much at a time.
READ_CHUNK_BYTES = 1 * MB
#: Characters the text reader reads (after HTML, DOCX or PDF became text).
MAX_TEXT_CHARS = 1_000_000
#: Cells (label and value cells, text lines) the text reader reads.
MAX_TEXT_CELLS = 50_000
#: Tags (``<``) of an HTML page or of a DOCX's ``word/document.xml``.
MAX_MARKUP_TAGS = 300_000
#: Nesting of elements in HTML and in ``word/document.xml`` (libxml2's own limit).
MAX_MARKUP_DEPTH = 256
#: A run of text between two tags, in HTML and ``word/document.xml`` (libxml2's own
#: limit, ``XML_MAX_TEXT_LENGTH``).
MAX_MARKUP_TEXT_BYTES = 10_000_000
#: Members of a DOCX package (entries of its ZIP central directory).
MAX_ZIP_MEMBERS = 1_000
#: ``word/document.xml`` inflated.
MAX_DOCX_XML_BYTES = 16 * MB
#: Pages of a PDF.
MAX_PDF_PAGES = 100
#: CPU time to read one PDF's pages (whole seconds).
PDF_CPU_SECONDS = 4
#: Address space the PDF helper may take beyond what it starts with.
PDF_MEMORY_BYTES = 160 * MB
#: Wall-clock time LibreOffice may take to convert one old Word file.
LEGACY_WORD_SECONDS = 120
#: Address space (``RLIMIT_AS``) each LibreOffice process may take converting one.
LEGACY_WORD_MEMORY_BYTES = 4096 * MB


def size(n: int) -> str:
    """A size in bytes for a message: 「32 MB」 for a whole number of MB, else exact
    (「33,554,433字节」: a size just over a cap must not read as the cap)."""
    return f"{n // MB:,} MB" if n and n % MB == 0 else f"{n:,}字节"


# The messages of refusal: each names the cap (the CLI prints the file's name before it).
E_FILE_TOO_LARGE = "文件过大（{size}），超过上限{cap}，未读取：一份年度报告远小于此"
E_PIPE_TOO_LARGE = "从管道读入的内容超过上限{cap}，已停止读取"
E_NOT_REGULAR = "不是普通文件（{what}），未读取：只读取普通文件和管道"
E_TEXT_TOO_LONG = "输入过长（{chars}个字符），超过上限{cap}个字符，不像一份年度报告"
E_TEXT_FILE_TOO_LONG = "输入过长（{size}），超过上限{cap}个字符（每字最多4字节），不像一份年度报告"
E_TOO_MANY_CELLS = "单元格过多（超过上限{cap}个），不像一份年度报告"
E_TOO_MANY_TAGS = "{what}的标签过多（{count}个），超过上限{cap}个，未读取"
E_TOO_DEEP = "{what}的元素嵌套超过{cap}层（上限），无法读取"
E_MARKUP_TEXT = "{what}中有一段文字超过{cap}（上限），无法读取"
E_ZIP_MEMBERS = "DOCX压缩包有{count}个成员，超过上限{cap}个，未读取（疑为恶意文件）"
E_ZIP_DECLARED = "DOCX中的{name}解压后为{size}，超过上限{cap}，未解压（疑为压缩炸弹）"
E_ZIP_INFLATED = "DOCX中的{name}解压后超过上限{cap}，已停止解压（疑为压缩炸弹）"
E_ZIP_MISMATCH = (
    "DOCX中的{name}解压后与其声明的大小或校验和不符：文件已损坏或被篡改（疑为压缩炸弹）"
)
E_PDF_PAGES = "PDF有{pages}页，超过上限{cap}页，不像一份年度报告"
E_PDF_CPU = "读取PDF用时超过上限{cap}秒（CPU时间），已停止：文件过于复杂或已损坏"
E_PDF_MEMORY = "读取PDF所需内存超过上限{cap}，已停止（{why}）：文件过于复杂或已损坏，疑为压缩炸弹"
E_PDF_CRASH = "读取PDF的进程异常退出（{why}），文件可能已损坏"
E_PDF_START = "无法启动读取PDF的进程（{why}），未读取：本机的进程、文件描述符或内存已用尽"
E_WORD_TIMEOUT = "LibreOffice转换旧版Word文件用时超过上限{cap}秒，已停止：文件过于复杂或已损坏"
E_WORD_FAILED = (
    "LibreOffice未能转换此旧版Word文件（{why}）：文件可能已损坏，或转换所需内存超过上限{cap}"
)
E_WORD_OUTPUT_TOO_LARGE = (
    "LibreOffice转换出的DOCX文件过大（{size}），超过上限{cap}，未读取：一份年度报告远小于此"
)
E_MEMORY = "内存不足，无法读取：文件过大或过于复杂"
