#include "CsvWriter.h"
#include "NdjsonRecord.h"
#include "StoredEvent.h"
#include "TestSupport.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QtTest>

namespace {

StoredEvent makeEvent(qint64 id, const QByteArray& target, const QByteArray& body)
{
    StoredEvent e;
    e.id = id;
    e.receivedAtMs = 1795917180123 + id;
    e.method = "POST";
    e.target = target;
    e.body = body;
    e.responseStatus = 200;
    return e;
}

/// Python's csv module, strict, reading @p path back: its rows as JSON.
const char* const PythonReader = R"(
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    rows = list(csv.reader(f, strict=True))
json.dump(rows, sys.stdout)
)";

} // namespace

class TestExportCsv : public QObject
{
    Q_OBJECT

private slots:
    void cell_data();
    void cell();
    void body_data();
    void body();
    void headerAndRows();
    void pythonReadsItBack();
};

void TestExportCsv::cell_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QString>("written");
    const auto row
        = [](const char* name, const QString& cell, const QString& written) { QTest::newRow(name) << cell << written; };
    row("plain", QStringLiteral("plain"), QStringLiteral("plain"));
    row("empty", QString(), QString());
    row("a comma", QStringLiteral("a,b"), QStringLiteral("\"a,b\""));
    row("a quote", QStringLiteral("say \"hi\""), QStringLiteral("\"say \"\"hi\"\"\""));
    row("a line feed", QStringLiteral("a\nb"), QStringLiteral("\"a\nb\""));
    row("CR LF", QStringLiteral("a\r\nb"), QStringLiteral("\"a\r\nb\""));
    row("non-ASCII", QStringLiteral("Gr\u00fc\u00dfe \U0001F600"), QStringLiteral("Gr\u00fc\u00dfe \U0001F600"));
    row("formula =", QStringLiteral("=1+2"), QStringLiteral("'=1+2"));
    row("formula +", QStringLiteral("+1"), QStringLiteral("'+1"));
    row("formula -", QStringLiteral("-1"), QStringLiteral("'-1"));
    row("formula @", QStringLiteral("@SUM(A1)"), QStringLiteral("'@SUM(A1)"));
    row("leading tab", QStringLiteral("\tx"), QStringLiteral("'\tx"));
    row("leading CR, quoted too", QStringLiteral("\rx"), QStringLiteral("\"'\rx\""));
    row("formula with a comma", QStringLiteral("=HYPERLINK(\"u\",\"t\")"),
        QStringLiteral("\"'=HYPERLINK(\"\"u\"\",\"\"t\"\")\""));
    row("= later in the cell", QStringLiteral("a=b"), QStringLiteral("a=b"));
    row("an apostrophe first", QStringLiteral("'x"), QStringLiteral("'x"));
}

void TestExportCsv::cell()
{
    QFETCH(QString, cell);
    QFETCH(QString, written);
    QCOMPARE(CsvWriter::row({cell, QStringLiteral("z")}), (written + QStringLiteral(",z\r\n")).toUtf8());
}

void TestExportCsv::body_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("cell");
    QTest::newRow("JSON text") << QByteArray("{\"a\":1}") << QStringLiteral("{\"a\":1}");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("UTF-8") << QByteArray("caf\xc3\xa9") << QStringLiteral("caf\u00e9");
    QTest::newRow("not UTF-8") << QByteArray("\xff\xfe") << QStringLiteral("base64://4=");
    QTest::newRow("NUL in UTF-8") << QByteArray("a\0b", 3) << QStringLiteral("base64:YQBi");
    QTest::newRow("text that looks encoded") << QByteArray("base64:aGk=") << QStringLiteral("base64:YmFzZTY0OmFHaz0=");
    QTest::newRow("base64 later in the text") << QByteArray("x base64:") << QStringLiteral("x base64:");
}

void TestExportCsv::body()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, cell);
    QCOMPARE(CsvWriter::bodyCell(body), cell);
    if (cell.startsWith(QLatin1String("base64:"))) {
        QCOMPARE(QByteArray::fromBase64(cell.mid(7).toLatin1()), body); // the prefix never lies
    }
}

void TestExportCsv::headerAndRows()
{
    QBuffer out;
    QVERIFY(out.open(QIODevice::WriteOnly));
    CsvWriter writer(out);
    StoredEvent e = makeEvent(12, "/hook?a=1,2", "{\"x\":1}");
    e.event = QStringLiteral("invoices.created");
    e.channel = QStringLiteral("invoices");
    e.action = QStringLiteral("created");
    e.environment = QStringLiteral("staging");
    e.idempotencyKey = QStringLiteral("26053e97-f78a-4d25-a519-4eed22ba5c41");
    e.duplicateOf = 3;
    e.problems = {QStringLiteral("first"), QStringLiteral("second")};
    QVERIFY(writer.begin() && writer.write(e) && writer.write(makeEvent(13, "/", "")) && writer.finish());
    QCOMPARE(out.data(),
        QByteArray("id,received_at,method,target,event,channel,action,environment,idempotency_key,duplicate_of,"
                   "problems,response_status,body\r\n"
                   "12,2026-11-29T01:53:00.135Z,POST,\"/hook?a=1,2\",invoices.created,invoices,created,staging,"
                   "26053e97-f78a-4d25-a519-4eed22ba5c41,3,first; second,200,\"{\"\"x\"\":1}\"\r\n"
                   "13,2026-11-29T01:53:00.136Z,POST,/,,,,,,,,200,\r\n"));
}

void TestExportCsv::pythonReadsItBack()
{
    const QString python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    if (python.isEmpty()) {
        QSKIP("no python3 here to read the CSV back");
    }
    QList<StoredEvent> events {makeEvent(1, "/plain", "{\"event\":\"a.b\"}"),
        makeEvent(2, "/bin", QByteArray("\xff\x00\xfe", 3)),
        makeEvent(3, "/lines", "line one\r\nline two\nthree, \"quoted\""),
        makeEvent(4, "/formula", "=cmd|' /C calc'!A0"),
        makeEvent(5, "/u",
            "Gr\xc3\xbc\xc3\x9f"
            "e \xf0\x9f\x98\x80"),
        makeEvent(6, "/empty", "")};
    events[0].problems = {QStringLiteral("channel a does not offer b (it offers c, d)")};
    TempHistory dir;
    const QString path = dir.path(QStringLiteral("out.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    CsvWriter writer(file);
    QVERIFY(writer.begin());
    for (const StoredEvent& e : events) {
        QVERIFY(writer.write(e));
    }
    QVERIFY(writer.finish());
    file.close();

    QProcess p;
    p.start(python, {QStringLiteral("-c"), QString::fromLatin1(PythonReader), path});
    QVERIFY(p.waitForFinished(30000));
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    const QJsonArray rows = QJsonDocument::fromJson(p.readAllStandardOutput()).array();
    QCOMPARE(rows.size(), events.size() + 1);
    QCOMPARE(rows.at(0).toVariant().toStringList(), CsvWriter::columns());
    for (qsizetype i = 0; i < events.size(); ++i) {
        QStringList expected = CsvWriter::cells(events.at(i));
        expected.last() = events.at(i).id == 4 ? QStringLiteral("'") + expected.last() : expected.last();
        QCOMPARE(rows.at(i + 1).toVariant().toStringList(), expected);
    }
    QCOMPARE(rows.at(2).toArray().last().toString(), QStringLiteral("base64:/wD+"));
}

QTEST_GUILESS_MAIN(TestExportCsv)
#include "TestExportCsv.moc"
