"""What every column of every table is: its type in Parquet, DuckDB and a data package,
and its Chinese title and description (from docs/SPEC.md).

Derived from `pipeline.tables.COLUMNS`, so a column or table added there is typed at
once; its words must be added here (a test fails on a column without them).
"""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.tables import COLUMNS

# a text column that holds an ISO date (`2022-05-06`) or nothing
DATE_COLUMNS = {"signed_date", "printed_date", "date"}

# the type of a column in each system, by the type COLUMNS gives it
ARROW = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
         "date": pa.date32()}
DUCKDB = {"str": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "date": "DATE"}
FRICTIONLESS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean",
                "date": "date"}

# each table's key, and the tables whose rows belong to a document
PRIMARY_KEYS = {"documents": ["doc_id"], "clauses": ["doc_id", "clause_id"]}
TABLE_TITLES = {
    "documents": ("文件", "每个输入文件一行：标题、发文机关、文号、日期、主送机关、各表行数、警告"),
    "clauses": ("条款", "每个编号条款一行：路径、上级、层级、编号、标题、本条文字、偏移、页码"),
    "amounts": ("金额", "每处金额一行：原文、数值、上下限、限定、提示词、币种、计量基准"),
    "percentages": ("百分比", "每处百分比一行：原文、数值、上下限、限定、提示词、单位"),
    "units": ("责任单位", "责任单位清单中的每个单位一行：角色、规范名称、原文、注释、序号"),
    "references": ("引用文件", "每次按文号引用其他文件一行，附被引文件标题（如有）"),
    "figures": ("数字", "每个金额和百分比一行，附所在文件、条款、句子、角色和政策工具"),
    "errors": ("错误", "每个无法读取的输入文件一行，附原因"),
}

# column → (title, description); a table's own entry goes before the shared one
SHARED = {
    "doc_id": ("文件编号", "文件的稳定编号：输入文件名去掉扩展名（两个文件同名时带扩展名）"),
    "clause_id": ("条款路径", "所在条款的路径，各级编号去掉标点以 / 连接（如 二/5）；条款之外为空"),
    "start": ("起始偏移", "在清洗后文本 text/DOC_ID.txt 中的起始字符偏移"),
    "end": ("结束偏移", "在清洗后文本 text/DOC_ID.txt 中的结束字符偏移（不含）"),
    "span": ("原文", "原文中识别出的文字，按原样"),
    "value": ("数值", "所写的单一数值（金额以元等基本单位计，百分比以百分点计）；区间为空"),
    "lower": ("下限", "措辞允许的下限（含），无下限为空"),
    "upper": ("上限", "措辞允许的上限（含），无上限为空"),
    "qualifier": ("限定", "exact 确数、max 最高、min 最低、range 区间、approx 约数"),
    "cue": ("提示词", "决定限定的词，按原样（最高、不超过、以上等）"),
    "currency": ("币种", "ISO 币种代码，默认 CNY"),
    "per": ("计量基准", "标准的计量基准，如 每人每年、每户；未写明为空"),
    "role": ("角色", "数字在政策中的作用：benefit 给予、threshold 门槛、budget 资金规模、fine 罚款、target 目标、other 其他"),
    "instrument": ("政策工具", "给予的名目，取基本形式（奖励、补贴、贷款、担保……）；非 benefit 为空"),
    "title": ("标题", "文件自身标题，合为一行、去掉空格"),
    "issuer": ("发文机关", "发文机关；联合发文以 、 连接"),
    "doc_number": ("发文字号", "发文字号，括号统一为 〔〕"),
    "date": ("日期", "文件的日期：成文日期，无则印发日期"),
    "heading": ("条款标题", "编号后到第一个 。 的文字（不超过 40 字），否则为空"),
    "sentence": ("句子", "数字所在的句子（。；或换行之间的文字）"),
    "sentence_start": ("句子起始偏移", "句子在清洗后文本中的起始字符偏移"),
    "sentence_end": ("句子结束偏移", "句子在清洗后文本中的结束字符偏移（不含）"),
    "kind": ("类别", "amount 金额 或 percentage 百分比"),
    "unit": ("单位", "百分比的单位：percent 百分数、point 百分点、fraction 分数"),
    "units": ("责任单位", "该条款的责任单位，按角色列出（责任：…、…；配合：…）"),
}
OWN = {
    "documents": {
        "source": ("来源文件", "相对于原始文件夹的路径"),
        "format": ("格式", "txt、md、pdf、docx、html 等"),
        "sha256": ("SHA-256", "文件字节的 SHA-256 摘要"),
        "signed_date": ("成文日期", "成文日期，ISO 日期；无则为空"),
        "printed_date": ("印发日期", "印发日期，ISO 日期；无则为空"),
        "recipients": ("主送机关", "主送机关，按原样合为一行"),
        "n_clauses": ("条款数", "clauses 表中本文件的行数"),
        "n_amounts": ("金额数", "amounts 表中本文件的行数"),
        "n_percentages": ("百分比数", "percentages 表中本文件的行数"),
        "n_units": ("责任单位数", "units 表中本文件的行数"),
        "warnings": ("警告", "流水线发现但无法解决的问题，以 ; 连接"),
        "n_references": ("引用数", "references 表中本文件的行数"),
        "ocr": ("经文字识别", "文字是否由 OCR 识别得来"),
        "pages": ("页数", "分页格式的页数；其他为空"),
    },
    "clauses": {
        "parent_id": ("上级条款", "上级条款的路径；顶层为空"),
        "level": ("层级", "顶层为 1"),
        "marker": ("编号", "条款编号，按原样（如 5.）"),
        "text": ("条款文字", "本条自身的文字（不含下级条款），已修复分页残片"),
        "start": ("起始偏移", "条款编号在清洗后文本中的起始字符偏移"),
        "end": ("结束偏移", "本条自身文字在清洗后文本中的结束字符偏移（不含）"),
        "page": ("页码", "条款开始的页码（分页格式）；其他为空"),
    },
    "percentages": {
        "value": ("数值", "所写的单一数值，以百分点计（20% 为 20）；区间为空"),
    },
    "amounts": {
        "value": ("数值", "所写的单一数值，以币种的基本单位计（150万元 为 1500000）；区间为空"),
    },
    "units": {
        "role": ("角色", "清单标签去掉 单位/部门：责任、牵头、配合、主办、督办等"),
        "name": ("规范名称", "规范化后的单位名称"),
        "raw": ("原文", "清单中的条目，按原样"),
        "note": ("注释", "条目末尾括号内的注释，不含括号"),
        "position": ("序号", "在清单中的序号，从 1 开始"),
    },
    "references": {
        "cited_title": ("被引标题", "被引文件标题，不含《》；未给出为空"),
        "cited_number": ("被引文号", "被引文件的文号，括号统一为 〔〕，去掉空格"),
    },
    "errors": {
        "source": ("来源文件", "无法读取的输入文件，相对于原始文件夹的路径"),
        "reason": ("原因", "无法读取的原因"),
    },
}


def kind(column: str, declared: str) -> str:
    """A column's type: the one COLUMNS declares, `date` for an ISO date column."""
    return "date" if declared == "str" and column in DATE_COLUMNS else declared


def columns(table: str) -> list[tuple[str, str]]:
    """The table's (column, type) pairs, dates told apart."""
    return [(c, kind(c, k)) for c, k in COLUMNS[table]]


def words(table: str, column: str) -> tuple[str, str] | None:
    """The column's (title, description), None where it has none."""
    return OWN.get(table, {}).get(column) or SHARED.get(column)


def arrow_schema(table: str) -> pa.Schema:
    return pa.schema([(c, ARROW[k]) for c, k in columns(table)])


def pandas_dtypes(table: str) -> dict:
    """The table's columns as pandas' Arrow types: `pd.read_csv(path, engine="pyarrow",
    dtype=pandas_dtypes(table), keep_default_na=False, na_values=[""])` reads a CSV into
    the frame `pd.read_parquet(path, dtype_backend="pyarrow")` reads from its Parquet."""
    import pandas as pd      # here: the build, which writes the tables, does without it

    return {c: pd.ArrowDtype(ARROW[k]) for c, k in columns(table)}


def typed(table: str, batch: pa.RecordBatch) -> pa.RecordBatch:
    """A batch of the table's rows as Parquet keeps them: an empty text is a null (as
    an empty CSV cell reads), a date column holds dates."""
    schema = arrow_schema(table)
    arrays = []
    for column, field in zip(batch.columns, schema):
        if pa.types.is_string(column.type):
            column = pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
            if pa.types.is_date32(field.type):
                column = iso_dates(column)
        arrays.append(column)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def iso_dates(column: pa.StringArray) -> pa.Date32Array:
    """ISO dates as dates. One that is not a day of the calendar (`2022-02-31`, which
    Arrow's parser would roll over into March) is null: no date rather than a wrong one,
    and no failed build."""
    dates = pc.cast(pc.strptime(column, format="%Y-%m-%d", unit="s", error_is_null=True), pa.date32())
    same = pc.equal(pc.strftime(dates, format="%Y-%m-%d"), column)
    return pc.if_else(pc.fill_null(same, False), dates, pa.scalar(None, pa.date32()))
