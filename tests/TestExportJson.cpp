#include "EventStore.h"
#include "ExportWriter.h"
#include "JsonArrayWriter.h"
#include "NdjsonRecord.h"
#include "TerminalProgress.h"
#include "TestSupport.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QtTest>

#include <cstdio>

namespace {

/// A history of @p count events; every third one is on channel "invoices", one body is binary.
bool fill(const QString& path, int count)
{
    EventStore store;
    if (!store.open(path) || !store.begin()) {
        return false;
    }
    for (int i = 0; i < count; ++i) {
        StoredEvent e;
        e.receivedAtMs = 1795917180000 + i;
        e.method = "POST";
        e.target = "/n";
        e.path = "/n";
        e.httpVersion = "HTTP/1.1";
        e.headers = {{"Content-Type", "application/json"}};
        e.body = i == 1 ? QByteArray("\xef\xbb\xbf\xff", 4) : "{\"n\":" + QByteArray::number(i) + "}";
        e.channel = i % 3 == 0 ? QStringLiteral("invoices") : QString();
        e.responseStatus = 200;
        if (!store.insert(e)) {
            return false;
        }
    }
    return store.commit();
}

QByteArray exportAs(const QString& path, ExportWriter::Format format, const EventFilter& filter = {})
{
    EventStore store;
    QBuffer out;
    if (!store.open(path, EventStore::OpenMode::MustExist) || !out.open(QIODevice::WriteOnly)) {
        return "failed";
    }
    QString error;
    const std::unique_ptr<ExportWriter> writer = ExportWriter::toDevice(format, out);
    return ExportWriter::writeAll(store, filter, *writer, {}, &error) < 0 ? "failed: " + error.toUtf8() : out.data();
}

/// What @p stream holds once written (a temporary FILE standing in for a terminal).
QByteArray contents(std::FILE* stream)
{
    std::fflush(stream);
    std::rewind(stream);
    QByteArray out;
    char buffer[256];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, stream)) > 0) {
        out.append(buffer, static_cast<qsizetype>(n));
    }
    return out;
}

} // namespace

class TestExportJson : public QObject
{
    Q_OBJECT

private slots:
    void formatNames();
    void jsonArrayHoldsTheNdjsonRecords_data();
    void jsonArrayHoldsTheNdjsonRecords();
    void emptyExports();
    void writeAllStopsWhenProgressSaysSo();
    void writeAllReportsAWriteFailure();
    void progressText();
    void progressOnATerminalOnly();
};

void TestExportJson::formatNames()
{
    QCOMPARE(ExportWriter::formatNames(),
        QStringList({QStringLiteral("ndjson"), QStringLiteral("json"), QStringLiteral("csv"), QStringLiteral("har"),
            QStringLiteral("fixtures")}));
    ExportWriter::Format format = ExportWriter::Format::Ndjson;
    QVERIFY(ExportWriter::formatFromName(QStringLiteral("json"), &format));
    QCOMPARE(format, ExportWriter::Format::JsonArray);
    QVERIFY(ExportWriter::formatFromName(QStringLiteral("fixtures"), &format));
    QCOMPARE(format, ExportWriter::Format::Fixtures);
    QVERIFY(!ExportWriter::formatFromName(QStringLiteral("JSON"), &format));
    QVERIFY(!ExportWriter::formatFromName(QStringLiteral("xml"), &format));
    QBuffer out;
    QVERIFY(ExportWriter::toDevice(ExportWriter::Format::Fixtures, out) == nullptr);
}

void TestExportJson::jsonArrayHoldsTheNdjsonRecords_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<QStringList>("channels");
    QTest::addColumn<int>("expected");
    QTest::newRow("one event") << 1 << QStringList() << 1;
    QTest::newRow("seven events") << 7 << QStringList() << 7;
    QTest::newRow("filtered") << 7 << QStringList {QStringLiteral("invoices")} << 3;
}

void TestExportJson::jsonArrayHoldsTheNdjsonRecords()
{
    QFETCH(int, count);
    QFETCH(QStringList, channels);
    QFETCH(int, expected);
    TempHistory dir;
    QVERIFY(fill(dir.path(), count));
    EventFilter filter;
    filter.channels = channels;
    const QByteArray ndjson = exportAs(dir.path(), ExportWriter::Format::Ndjson, filter);
    const QByteArray json = exportAs(dir.path(), ExportWriter::Format::JsonArray, filter);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(doc.isArray());
    QCOMPARE(doc.array().size(), expected);
    QByteArrayList lines = ndjson.split('\n');
    lines.removeLast();
    QCOMPARE(lines.size(), expected);
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QCOMPARE(doc.array().at(i).toObject(), QJsonDocument::fromJson(lines.at(i)).object());
    }
    // One record per line between the brackets, the same bytes as the NDJSON lines.
    QCOMPARE(json, "[\n" + lines.join(",\n") + "\n]\n");
}

void TestExportJson::emptyExports()
{
    TempHistory dir;
    QVERIFY(fill(dir.path(), 0));
    QCOMPARE(exportAs(dir.path(), ExportWriter::Format::Ndjson), QByteArray());
    QCOMPARE(exportAs(dir.path(), ExportWriter::Format::JsonArray), QByteArray("[]\n"));
    QCOMPARE(QJsonDocument::fromJson(exportAs(dir.path(), ExportWriter::Format::Har))
                 .object()
                 .value(QLatin1String("log"))
                 .toObject()
                 .value(QLatin1String("entries")),
        QJsonValue(QJsonArray()));
    QVERIFY(exportAs(dir.path(), ExportWriter::Format::Csv).startsWith("id,received_at,"));
}

void TestExportJson::writeAllStopsWhenProgressSaysSo()
{
    TempHistory dir;
    QVERIFY(fill(dir.path(), 10));
    EventStore store;
    QVERIFY(store.open(dir.path(), EventStore::OpenMode::MustExist));
    QBuffer out;
    QVERIFY(out.open(QIODevice::WriteOnly));
    JsonArrayWriter writer(out);
    QList<qint64> heard;
    QString error;
    const qint64 written = ExportWriter::writeAll(
        store, EventFilter(), writer,
        [&heard](qint64 done) {
            heard.append(done);
            return done < 4;
        },
        &error);
    QCOMPARE(written, -1);
    QCOMPARE(error, QStringLiteral("cancelled"));
    QCOMPARE(heard, QList<qint64>({1, 2, 3, 4}));
    QVERIFY(!out.data().endsWith("]\n")); // not finished: not a complete export
}

void TestExportJson::writeAllReportsAWriteFailure()
{
    TempHistory dir;
    QVERIFY(fill(dir.path(), 3));
    EventStore store;
    QVERIFY(store.open(dir.path(), EventStore::OpenMode::MustExist));
    QBuffer readOnly;
    QVERIFY(readOnly.open(QIODevice::ReadOnly));
    for (const ExportWriter::Format format : {ExportWriter::Format::Ndjson, ExportWriter::Format::JsonArray,
             ExportWriter::Format::Csv, ExportWriter::Format::Har}) {
        const std::unique_ptr<ExportWriter> writer = ExportWriter::toDevice(format, readOnly);
        QTest::ignoreMessage(QtWarningMsg, "QIODevice::write (QBuffer): ReadOnly device");
        QString error;
        QCOMPARE(ExportWriter::writeAll(store, EventFilter(), *writer, {}, &error), -1);
        QVERIFY2(error.startsWith(QLatin1String("cannot write")), qPrintable(error));
    }
}

void TestExportJson::progressText()
{
    // Grouped as the user's locale groups digits ("12,345" in C and English).
    const QString sep = QLocale::system().groupSeparator();
    QCOMPARE(TerminalProgress::text(12345, 1000000),
        QStringLiteral("exported 12") + sep + QStringLiteral("345 of 1") + sep + QStringLiteral("000") + sep
            + QStringLiteral("000"));
    QCOMPARE(TerminalProgress::text(0, 0), QStringLiteral("exported 0 of 0"));
}

void TestExportJson::progressOnATerminalOnly()
{
    std::FILE* notATerminal = std::tmpfile();
    QVERIFY(notATerminal);
    {
        TerminalProgress progress(notATerminal);
        QVERIFY(!progress.isShown());
        progress.setTotal(3);
        for (qint64 done = 1; done <= 3; ++done) {
            progress.update(done);
        }
        progress.finish();
    }
    QCOMPARE(contents(notATerminal), QByteArray());
    std::fclose(notATerminal);

    std::FILE* terminal = std::tmpfile();
    QVERIFY(terminal);
    {
        TerminalProgress progress(terminal);
        progress.forceShown();
        progress.setTotal(3);
        for (qint64 done = 1; done <= 3; ++done) {
            progress.update(done);
        }
        progress.finish();
    }
    const QByteArray shown = contents(terminal);
    std::fclose(terminal);
    // The first count and the total are always drawn (the ones between only when time allows),
    // each over the last; finish() clears the line.
    QVERIFY2(shown.startsWith("\rhookscope: exported 1 of 3\033[K"), shown.constData());
    QVERIFY2(shown.endsWith("\rhookscope: exported 3 of 3\033[K\r\033[K"), shown.constData());
    QVERIFY(!shown.contains('\n'));
}

QTEST_GUILESS_MAIN(TestExportJson)
#include "TestExportJson.moc"
