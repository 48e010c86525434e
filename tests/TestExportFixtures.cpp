#include "FixtureWriter.h"
#include "NdjsonRecord.h"
#include "StoredEvent.h"
#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {

StoredEvent makeEvent(qint64 id, const QString& eventName, const QByteArray& body)
{
    StoredEvent e;
    e.id = id;
    e.receivedAtMs = 1795917180123;
    e.method = "POST";
    e.target = "/webhook";
    e.httpVersion = "HTTP/1.1";
    e.event = eventName;
    e.body = body;
    e.responseStatus = 200;
    return e;
}

QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray("(unreadable)");
}

} // namespace

class TestExportFixtures : public QObject
{
    Q_OBJECT

private slots:
    void fileName_data();
    void fileName();
    void indent_data();
    void indent();
    void contentOfABodyThatIsNotJson();
    void writesOneFilePerEvent();
    void refusesASymbolicLink();
};

void TestExportFixtures::fileName_data()
{
    QTest::addColumn<QString>("event");
    QTest::addColumn<qint64>("id");
    QTest::addColumn<QString>("name");
    QTest::newRow("envelope event") << "invoices.created" << qint64(1042) << "invoices.created-1042.json";
    QTest::newRow("no event") << QString() << qint64(7) << "request-7.json";
    QTest::newRow("empty event") << "" << qint64(8) << "request-8.json";
    QTest::newRow("a path") << "../../etc/passwd" << qint64(9) << "_.._etc_passwd-9.json";
    QTest::newRow("only dots") << ".." << qint64(10) << "request-10.json";
    QTest::newRow("hidden") << ".profile" << qint64(11) << "profile-11.json";
    QTest::newRow("backslashes and NUL") << QStringLiteral("a\\b\u0000c") << qint64(12) << "a_b_c-12.json";
    QTest::newRow("spaces and non-ASCII") << QStringLiteral("caf\u00e9 event") << qint64(13) << "caf__event-13.json";
    QTest::newRow("very long") << QString(300, QLatin1Char('x')) << qint64(14)
                               << QString(100, QLatin1Char('x')) + QStringLiteral("-14.json");
}

void TestExportFixtures::fileName()
{
    QFETCH(QString, event);
    QFETCH(qint64, id);
    QFETCH(QString, name);
    const QString got = FixtureWriter::fileName(makeEvent(id, event, {}));
    QCOMPARE(got, name);
    QVERIFY(!got.contains(QLatin1Char('/')));
}

void TestExportFixtures::indent_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("indented");
    QTest::newRow("object, keys in their order")
        << QByteArray("{\"z\":1,\"a\":{\"b\":[1,2]}}")
        << QByteArray("{\n  \"z\": 1,\n  \"a\": {\n    \"b\": [\n      1,\n      2\n    ]\n  }\n}\n");
    QTest::newRow("numbers as written") << QByteArray("[1.10,12345678901234567890,-0,1e3]")
                                        << QByteArray("[\n  1.10,\n  12345678901234567890,\n  -0,\n  1e3\n]\n");
    QTest::newRow("strings with escapes and JSON inside")
        << QByteArray("{\"s\":\"a \\\"{[,:]}\\\" \\\\\",\"u\":\"\\u00e9\"}")
        << QByteArray("{\n  \"s\": \"a \\\"{[,:]}\\\" \\\\\",\n  \"u\": \"\\u00e9\"\n}\n");
    QTest::newRow("empty containers stay on one line")
        << QByteArray("{\"o\": { },\"a\":[ ]}") << QByteArray("{\n  \"o\": {},\n  \"a\": []\n}\n");
    QTest::newRow("already indented") << QByteArray("{\n\t\"a\" :  true ,\r\n \"b\":null}\n")
                                      << QByteArray("{\n  \"a\": true,\n  \"b\": null\n}\n");
}

void TestExportFixtures::indent()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, indented);
    QCOMPARE(FixtureWriter::indent(json), indented);
    QCOMPARE(QJsonDocument::fromJson(indented), QJsonDocument::fromJson(json));
}

void TestExportFixtures::contentOfABodyThatIsNotJson()
{
    for (const QByteArray& body : {QByteArray("a=1&b=2"), QByteArray("\xff\x00", 2), QByteArray("\"a string\""),
             QByteArray("{\"a\":1} trailing"), QByteArray()}) {
        const StoredEvent e = makeEvent(3, {}, body);
        const QByteArray content = FixtureWriter::content(e);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(content, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, content.constData());
        // The event's record, indented.
        QCOMPARE(o, QJsonDocument::fromJson(NdjsonRecord::line(e)).object());
        QVERIFY(content.startsWith("{\n  \""));
    }
}

void TestExportFixtures::writesOneFilePerEvent()
{
    TempHistory dir;
    const QString folder = dir.path(QStringLiteral("fixtures"));
    QVERIFY(QDir().mkdir(folder));
    FixtureWriter writer(folder);
    const QByteArray body = providerWebhook("invoices.created");
    QVERIFY(writer.begin());
    QVERIFY(writer.write(makeEvent(1042, QStringLiteral("invoices.created"), body)));
    QVERIFY(writer.write(makeEvent(1043, QString(), "plain text")));
    QVERIFY(writer.write(makeEvent(1044, QStringLiteral("../escape"), "[]")));
    QVERIFY(writer.finish());
    QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden, QDir::Name),
        QStringList({QStringLiteral("_escape-1044.json"), QStringLiteral("invoices.created-1042.json"),
            QStringLiteral("request-1043.json")}));
    QCOMPARE(QDir(dir.path(QString())).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
        QStringList({QStringLiteral("fixtures")}));
    const QByteArray fixture = readFile(folder + QStringLiteral("/invoices.created-1042.json"));
    QCOMPARE(fixture, FixtureWriter::indent(body));
    QCOMPARE(QJsonDocument::fromJson(fixture), QJsonDocument::fromJson(body));
    QVERIFY(fixture.startsWith("{\n  \"event\": \"invoices.created\",\n"));
}

void TestExportFixtures::refusesASymbolicLink()
{
    TempHistory dir;
    const QString folder = dir.path(QStringLiteral("fixtures"));
    QVERIFY(QDir().mkdir(folder));
    const QString outside = dir.path(QStringLiteral("outside.txt"));
    QFile victim(outside);
    QVERIFY(victim.open(QIODevice::WriteOnly));
    victim.write("keep me");
    victim.close();
    QVERIFY(QFile::link(outside, folder + QStringLiteral("/request-5.json")));
    FixtureWriter writer(folder);
    QVERIFY(!writer.write(makeEvent(5, {}, "{}")));
    QVERIFY2(writer.errorString().contains(QLatin1String("symbolic link")), qPrintable(writer.errorString()));
    QCOMPARE(readFile(outside), QByteArray("keep me"));
}

QTEST_GUILESS_MAIN(TestExportFixtures)
#include "TestExportFixtures.moc"
