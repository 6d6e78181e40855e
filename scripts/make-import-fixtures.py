#!/usr/bin/env python3
"""Builds the DOCX fixtures of tests/fixtures/import/ (their text is our own).

Run once with python-docx installed; the .docx files are committed, so the
tests do not need Python:
    python3 scripts/make-import-fixtures.py
"""
import datetime
import os

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

HERE = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "import")


def el(tag, **attrs):
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(k), str(v))
    return e


def save(doc, name):
    # A fixed core date, so the file is the same on every run.
    doc.core_properties.created = datetime.datetime(2025, 1, 1)
    doc.save(os.path.join(HERE, name))


def word_numbered_list():
    """Typed 1 / 2.1 / 4.1.1 headings; a) lists numbered by Word."""
    doc = Document()
    numbering = doc.part.numbering_part.element
    abstract = el("w:abstractNum", **{"w:abstractNumId": 90})
    lvl = el("w:lvl", **{"w:ilvl": 0})
    lvl.append(el("w:start", **{"w:val": 1}))
    lvl.append(el("w:numFmt", **{"w:val": "lowerLetter"}))
    lvl.append(el("w:lvlText", **{"w:val": "%1)"}))
    abstract.append(lvl)
    numbering.insert(0, abstract)
    for num_id in (91, 92):
        num = el("w:num", **{"w:numId": num_id})
        num.append(el("w:abstractNumId", **{"w:val": 90}))
        override = el("w:lvlOverride", **{"w:ilvl": 0})
        override.append(el("w:startOverride", **{"w:val": 1}))
        num.append(override)
        numbering.append(num)

    def listed(text, num_id):
        p = doc.add_paragraph(text)
        ppr = p._p.get_or_add_pPr()
        numpr = el("w:numPr")
        numpr.append(el("w:ilvl", **{"w:val": 0}))
        numpr.append(el("w:numId", **{"w:val": num_id}))
        ppr.append(numpr)

    doc.add_paragraph("示范电器有限公司企业标准")
    doc.add_paragraph("产品出厂检验规程")
    doc.add_paragraph("1 范围")
    doc.add_paragraph("本规程规定了产品出厂检验的项目和判定方法。")
    doc.add_paragraph("2 检验条件")
    doc.add_paragraph("2.1 检验应在室温下进行。")
    doc.add_paragraph("2.2 检验设备应在检定有效期内。")
    doc.add_paragraph("3 检验项目")
    doc.add_paragraph("3.1 外观")
    doc.add_paragraph("外观检验包括：")
    listed("表面无划痕；", 91)
    listed("标识清晰完整；", 91)
    listed("紧固件无松动。", 91)
    doc.add_paragraph("3.2 电气性能")
    doc.add_paragraph("3.2.1 绝缘电阻不低于规定值。")
    doc.add_paragraph("3.2.2 耐压试验时不得击穿。")
    doc.add_paragraph("4 判定")
    doc.add_paragraph("4.1 全部项目合格的，判定该批产品合格。")
    doc.add_paragraph("4.2 有下列情形之一的，判定不合格：")
    listed("任一电气性能项目不合格；", 92)
    listed("外观缺陷超过允许数量。", 92)
    save(doc, "word-numbered-list.docx")


def layout_table(doc, page):
    t = doc.add_table(rows=2, cols=3)
    t.style = "Table Grid"
    t.cell(0, 0).text = "示范检测站程序文件"
    t.cell(0, 1).text = "文件编号：SJ-CX-07"
    t.cell(0, 2).text = f"第{page}页 共3页"
    t.cell(1, 0).text = "样品流转控制程序"
    t.cell(1, 1).text = "版本：A/0"
    t.cell(1, 2).text = "受控"


def repeated_header_and_merged_cells():
    """A layout table at the top of every page; a table whose header cell
    is merged down two rows and across two columns."""
    doc = Document()
    layout_table(doc, 1)
    doc.add_paragraph("1、目的")
    doc.add_paragraph("规范样品在各环节之间的流转，防止样品混淆和丢失。")
    doc.add_paragraph("2、职责")
    doc.add_paragraph("2.1、业务室负责样品的接收和登记。")
    doc.add_paragraph("2.2、检测室负责样品的领用和归还。")
    doc.add_page_break()
    layout_table(doc, 2)
    doc.add_paragraph("3、流转要求")
    doc.add_paragraph("3.1、样品流转应填写交接记录，交接记录如下表。")
    t = doc.add_table(rows=4, cols=3)
    t.style = "Table Grid"
    top = t.cell(0, 0).merge(t.cell(1, 0))
    top.text = "环节"
    head = t.cell(0, 1).merge(t.cell(0, 2))
    head.text = "交接内容"
    t.cell(1, 1).text = "交出方"
    t.cell(1, 2).text = "接收方"
    t.cell(2, 0).text = "接收"
    t.cell(2, 1).text = "送样人签字"
    t.cell(2, 2).text = "业务室签字"
    t.cell(3, 0).text = "领用"
    t.cell(3, 1).text = "业务室签字"
    t.cell(3, 2).text = "检测室签字"
    # The first row is the header row; the merged cell runs into the next.
    trpr = t.rows[0]._tr.get_or_add_trPr()
    trpr.append(el("w:tblHeader"))
    doc.add_paragraph("3.2、检测完成后的样品应在两个工作日内归还。")
    doc.add_page_break()
    layout_table(doc, 3)
    doc.add_paragraph("4、记录")
    doc.add_paragraph("样品交接记录由业务室保存三年。")
    save(doc, "repeated-header.docx")


def tracked_changes():
    """A regulation with an insertion and a deletion not yet accepted."""
    doc = Document()
    doc.add_paragraph("示范服务站值班制度")
    doc.add_paragraph("第一条 值班人员应按时到岗。")
    p = doc.add_paragraph("第二条 值班期间")
    ins = el("w:ins", **{"w:id": 1, "w:author": "审校", "w:date": "2025-01-02T00:00:00Z"})
    run = el("w:r")
    t = el("w:t")
    t.text = "不得擅自离岗，"
    run.append(t)
    ins.append(run)
    p._p.append(ins)
    deleted = el("w:del", **{"w:id": 2, "w:author": "审校", "w:date": "2025-01-02T00:00:00Z"})
    run = el("w:r")
    dt = el("w:delText")
    dt.text = "可以外出办事，"
    run.append(dt)
    deleted.append(run)
    p._p.append(deleted)
    tail = el("w:r")
    t = el("w:t")
    t.text = "应做好值班记录。"
    tail.append(t)
    p._p.append(tail)
    doc.add_paragraph("第三条 本制度自发布之日起施行。")
    save(doc, "tracked-changes.docx")


def cover_and_approval_tables():
    """A plant procedure whose first page is a cover table (company, title,
    number, version, 编制/审核/批准 with dates) and whose end is a revision
    record table; the rules are paragraphs between them."""
    doc = Document()
    cover = doc.add_table(rows=6, cols=4)
    cover.style = "Table Grid"
    top = cover.cell(0, 0).merge(cover.cell(0, 3))
    top.text = "示范食品有限公司"
    rows = [
        ("文件名称", "原料验收管理规定", "文件编号", "SF-QP-07"),
        ("版本", "A/1", "页数", "共3页"),
        ("编制", "质量部", "日期", "2025-03-01"),
        ("审核", "生产部", "日期", "2025-03-05"),
        ("批准", "总经理办公室", "日期", "2025-03-08"),
    ]
    for r, cells in enumerate(rows, start=1):
        for c, text in enumerate(cells):
            cover.cell(r, c).text = text
    doc.add_page_break()
    doc.add_paragraph("原料验收管理规定")
    doc.add_paragraph("1 目的")
    doc.add_paragraph("确保进厂原料符合质量要求，不合格原料不投入生产。")
    doc.add_paragraph("2 适用范围")
    doc.add_paragraph("本规定适用于本公司所有食品原料和包装材料的进厂验收。")
    doc.add_paragraph("3 职责")
    doc.add_paragraph("3.1 采购部负责通知供应商按约定时间送货。")
    doc.add_paragraph("3.2 质量部负责原料的抽样、检验和判定。")
    doc.add_paragraph("3.3 仓储部负责核对数量并办理入库。")
    doc.add_paragraph("4 验收程序")
    doc.add_paragraph("4.1 原料到厂后，仓储部核对送货单与采购订单是否一致。")
    doc.add_paragraph("4.2 质量部按抽样计划取样，检验项目不少于感官、净含量和标签。")
    doc.add_paragraph("4.3 检验合格的原料贴绿色合格标识，方可入库。")
    doc.add_paragraph("4.4 检验不合格的原料贴红色标识，隔离存放并通知采购部退货。")
    doc.add_paragraph("5 相关记录")
    doc.add_paragraph("原料验收记录由质量部保存两年。")
    record = doc.add_table(rows=3, cols=4)
    record.style = "Table Grid"
    for c, text in enumerate(("版本", "修订内容", "修订部门", "日期")):
        record.cell(0, c).text = text
    for c, text in enumerate(("A/0", "首次发布", "质量部", "2024-01-10")):
        record.cell(1, c).text = text
    for c, text in enumerate(("A/1", "增加包装材料的验收", "质量部", "2025-03-01")):
        record.cell(2, c).text = text
    doc.add_paragraph("")
    sign = doc.add_table(rows=2, cols=4)
    sign.style = "Table Grid"
    for c, text in enumerate(("编制", "质量部", "审核", "生产部")):
        sign.cell(0, c).text = text
    for c, text in enumerate(("批准", "总经理办公室", "日期", "2025-03-08")):
        sign.cell(1, c).text = text
    save(doc, "cover-and-approval.docx")


if __name__ == "__main__":
    word_numbered_list()
    repeated_header_and_merged_cells()
    tracked_changes()
    cover_and_approval_tables()
