#include "JsonDiff.h"
#include "JsonTreeModel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

/// The comparison behind the Copies tab's conflict diff and the Resource tab's changes.
class TestJsonDiff : public QObject
{
    Q_OBJECT

private slots:
    void bodies_data();
    void bodies();
    void valuesStartAtTheBasePath();
    void pathsAreSpelledAsTheTreeCopiesThem_data();
    void pathsAreSpelledAsTheTreeCopiesThem();
    void valueTextIsQuotedAndCut();
    void manyChangesAreCountedButNotAllKept();
    void distantLineChangesMakeSeparateHunks();
    void largeArraysWithFewChangesAreAligned();
    void hugeBodiesAreOnlyMeasured();
};

Q_DECLARE_METATYPE(JsonDiff::Outcome)

namespace {

/// "~ path: before -> after", "+ path: after", "- path: before", "! path: before -> after" (type).
QString render(const JsonDiff::Change& c)
{
    const QString path = c.path.isEmpty() ? QStringLiteral("(root)") : c.path;
    const QString before = JsonDiff::valueText(c.before);
    const QString after = JsonDiff::valueText(c.after);
    switch (c.kind) {
    case JsonDiff::Change::Kind::Changed:
        return QStringLiteral("~ %1: %2 -> %3").arg(path, before, after);
    case JsonDiff::Change::Kind::Added:
        return QStringLiteral("+ %1: %2").arg(path, after);
    case JsonDiff::Change::Kind::Removed:
        return QStringLiteral("- %1: %2").arg(path, before);
    case JsonDiff::Change::Kind::TypeChanged:
        return QStringLiteral("! %1: %2 -> %3").arg(path, before, after);
    }
    return {};
}

/// " 3|3|text" (context), "-3|0|text" (removed), "+0|3|text" (added).
QString render(const JsonDiff::Line& l)
{
    const QChar mark = l.kind == JsonDiff::Line::Kind::Context ? QLatin1Char(' ')
        : l.kind == JsonDiff::Line::Kind::Removed              ? QLatin1Char('-')
                                                               : QLatin1Char('+');
    return QStringLiteral("%1%2|%3|%4").arg(mark).arg(l.beforeLine).arg(l.afterLine).arg(l.text);
}

QStringList render(const JsonDiff::Result& r)
{
    QStringList out;
    for (const JsonDiff::Change& c : r.changes) {
        out << render(c);
    }
    for (const JsonDiff::Line& l : r.lines) {
        out << render(l);
    }
    return out;
}

QByteArray numberedLines(int count, const QByteArray& prefix)
{
    QByteArray text;
    for (int i = 1; i <= count; ++i) {
        text += prefix + QByteArray::number(i) + '\n';
    }
    return text;
}

QByteArray arrayOf(int count, int changedAt = -1, int changedAt2 = -1)
{
    QJsonArray array;
    for (int i = 0; i < count; ++i) {
        array.append(QJsonObject {{QStringLiteral("n"), i == changedAt || i == changedAt2 ? -i : i}});
    }
    return QJsonDocument(QJsonObject {{QStringLiteral("items"), array}}).toJson(QJsonDocument::Compact);
}

} // namespace

void TestJsonDiff::bodies_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");
    QTest::addColumn<JsonDiff::Outcome>("outcome");
    QTest::addColumn<QStringList>("changes");

    using O = JsonDiff::Outcome;
    QTest::newRow("identical bytes") << QByteArray(R"({"a":1})") << QByteArray(R"({"a":1})") << O::Same
                                     << QStringList();
    QTest::newRow("both empty") << QByteArray() << QByteArray() << O::Same << QStringList();
    QTest::newRow("key order is irrelevant")
        << QByteArray(R"({"a":1,"b":{"x":true,"y":null}})") << QByteArray(R"({"b":{"y":null,"x":true},"a":1})")
        << O::SameData << QStringList();
    QTest::newRow("whitespace is irrelevant")
        << QByteArray(R"({"a":[1,2]})") << QByteArray("{\n  \"a\": [ 1, 2 ]\n}\n") << O::SameData << QStringList();
    QTest::newRow("1 and 1.0 are the same number")
        << QByteArray(R"({"n":1,"m":[2]})") << QByteArray(R"({"n":1.0,"m":[2e0]})") << O::SameData << QStringList();
    QTest::newRow("a number changed") << QByteArray(R"({"n":1})") << QByteArray(R"({"n":1.5})") << O::Json
                                      << QStringList {QStringLiteral("~ n: 1 -> 1.5")};
    QTest::newRow("integers beyond 2^53 compare exactly")
        << QByteArray(R"({"id":9007199254740993})") << QByteArray(R"({"id":9007199254740992})") << O::Json
        << QStringList {QStringLiteral("~ id: 9007199254740993 -> 9007199254740992")};
    QTest::newRow("nested value changed")
        << QByteArray(R"({"data":{"items":[{"amount":10},{"amount":12}],"id":1}})")
        << QByteArray(R"({"data":{"items":[{"amount":10},{"amount":13}],"id":1}})") << O::Json
        << QStringList {QStringLiteral("~ data.items[1].amount: 12 -> 13")};
    QTest::newRow("keys added and removed, sorted")
        << QByteArray(R"({"data":{"b":2,"a":1,"c":3}})") << QByteArray(R"({"data":{"d":{"x":[]},"c":3,"b":2}})")
        << O::Json << QStringList {QStringLiteral("- data.a: 1"), QStringLiteral(R"(+ data.d: {"x":[]})")};
    QTest::newRow("array grown at the end")
        << QByteArray(R"({"items":[1,2]})") << QByteArray(R"({"items":[1,2,3,4]})") << O::Json
        << QStringList {QStringLiteral("+ items[2]: 3"), QStringLiteral("+ items[3]: 4")};
    QTest::newRow("array grown at the front")
        << QByteArray(R"({"items":[1,2,3]})") << QByteArray(R"({"items":[0,1,2,3]})") << O::Json
        << QStringList {QStringLiteral("+ items[0]: 0")};
    QTest::newRow("array shrunk in the middle")
        << QByteArray(R"({"items":[1,2,3]})") << QByteArray(R"({"items":[1,3]})") << O::Json
        << QStringList {QStringLiteral("- items[1]: 2")};
    QTest::newRow("array emptied") << QByteArray(R"({"items":["a","b"]})") << QByteArray(R"({"items":[]})") << O::Json
                                   << QStringList {
                                          QStringLiteral(R"(- items[0]: "a")"), QStringLiteral(R"(- items[1]: "b")")};
    QTest::newRow("element inserted before a changed one")
        << QByteArray(R"([{"id":1,"a":1},{"id":2,"a":1},{"id":3,"a":1}])")
        << QByteArray(R"([{"id":0,"a":0},{"id":1,"a":1},{"id":2,"a":2},{"id":3,"a":1}])") << O::Json
        << QStringList {QStringLiteral(R"(+ [0]: {"a":0,"id":0})"), QStringLiteral("~ [2].a: 1 -> 2")};
    QTest::newRow("element inserted, others unchanged")
        << QByteArray(R"([{"id":1},{"id":2}])") << QByteArray(R"([{"id":1},{"id":9},{"id":2}])") << O::Json
        << QStringList {QStringLiteral(R"(+ [1]: {"id":9})")};
    QTest::newRow("number became a string")
        << QByteArray(R"({"data":{"id":1}})") << QByteArray(R"({"data":{"id":"1"}})") << O::Json
        << QStringList {QStringLiteral(R"(! data.id: 1 -> "1")")};
    QTest::newRow("null became an object") << QByteArray(R"({"x":null})") << QByteArray(R"({"x":{"y":1}})") << O::Json
                                           << QStringList {QStringLiteral(R"(! x: null -> {"y":1})")};
    QTest::newRow("array became an object at the top") << QByteArray(R"([1])") << QByteArray(R"({"a":1})") << O::Json
                                                       << QStringList {QStringLiteral(R"(! (root): [1] -> {"a":1})")};
    QTest::newRow("boolean flipped") << QByteArray(R"({"paid":false})") << QByteArray(R"({"paid":true})") << O::Json
                                     << QStringList {QStringLiteral("~ paid: false -> true")};
    QTest::newRow("unicode keys and values") << QByteArray(u8R"({"naïve":"café","emoji":"😀","plain":"x"})")
                                             << QByteArray(u8R"({"plain":"x","emoji":"😀","naïve":"cafe"})") << O::Json
                                             << QStringList {QString::fromUtf8(u8R"(~ ["naïve"]: "café" -> "cafe")")};
    QTest::newRow("escaped unicode equals the literal character")
        << QByteArray(R"({"s":"caf\u00e9"})") << QByteArray(u8R"({"s":"café"})") << O::SameData << QStringList();
    QTest::newRow("odd keys are bracketed") << QByteArray(R"({"weird key":{"a.b":1,"say \"hi\"":1}})")
                                            << QByteArray(R"({"weird key":{"a.b":2,"say \"hi\"":2}})") << O::Json
                                            << QStringList {QStringLiteral(R"(~ ["weird key"]["a.b"]: 1 -> 2)"),
                                                   QStringLiteral(R"(~ ["weird key"]["say \"hi\""]: 1 -> 2)")};
    QTest::newRow("form bodies: a line diff") << QByteArray("a=1\nb=2\nc=3") << QByteArray("a=1\nb=5\nc=3") << O::Text
                                              << QStringList {QStringLiteral(" 1|1|a=1"), QStringLiteral("-2|0|b=2"),
                                                     QStringLiteral("+0|2|b=5"), QStringLiteral(" 3|3|c=3")};
    QTest::newRow("JSON against text: a line diff")
        << QByteArray(R"({"a":1})") << QByteArray("not json") << O::Text
        << QStringList {QStringLiteral(R"(-1|0|{"a":1})"), QStringLiteral("+0|1|not json")};
    QTest::newRow("empty against JSON") << QByteArray() << QByteArray("{}") << O::Text
                                        << QStringList {QStringLiteral("-1|0|"), QStringLiteral("+0|1|{}")};
    QTest::newRow("a lost carriage return shows")
        << QByteArray("a\r\nb\r\n") << QByteArray("a\r\nb\n") << O::Text
        << QStringList {QStringLiteral(" 1|1|a\u240D"), QStringLiteral("-2|0|b\u240D"), QStringLiteral("+0|2|b"),
               QStringLiteral(" 3|3|")};
    QTest::newRow("lines removed and added")
        << numberedLines(6, "line ") << QByteArray("line 1\nline 2\nnew\nline 5\nline 6\n") << O::Text
        << QStringList {QStringLiteral(" 1|1|line 1"), QStringLiteral(" 2|2|line 2"), QStringLiteral("-3|0|line 3"),
               QStringLiteral("-4|0|line 4"), QStringLiteral("+0|3|new"), QStringLiteral(" 5|4|line 5"),
               QStringLiteral(" 6|5|line 6")};
    QTest::newRow("binary bodies") << QByteArray("\xff\xfe\x00\x01", 4) << QByteArray("abc") << O::Binary
                                   << QStringList();
    QTest::newRow("texts too different to list")
        << numberedLines(3000, "x") << numberedLines(3000, "y") << O::TooLarge << QStringList();
}

void TestJsonDiff::bodies()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);
    QFETCH(JsonDiff::Outcome, outcome);
    QFETCH(QStringList, changes);

    const JsonDiff::Result result = JsonDiff::bodies(before, after);
    QCOMPARE(render(result), changes);
    QCOMPARE(result.outcome, outcome);
    QCOMPARE(result.beforeBytes, before.size());
    QCOMPARE(result.afterBytes, after.size());
    QCOMPARE(result.differs(), outcome != JsonDiff::Outcome::Same && outcome != JsonDiff::Outcome::SameData);
    QVERIFY(!result.truncated());
    if (outcome == JsonDiff::Outcome::Json) {
        QCOMPARE(result.changeCount, changes.size());
    }
    // The other way round: as many changes, additions and removals swapped.
    const JsonDiff::Result back = JsonDiff::bodies(after, before);
    QCOMPARE(back.outcome, outcome);
    QCOMPARE(back.changes.size(), result.changes.size());
    QCOMPARE(back.lines.size(), result.lines.size());
}

void TestJsonDiff::valuesStartAtTheBasePath()
{
    const QJsonObject before {{QStringLiteral("amount"), 10}, {QStringLiteral("tag"), QStringLiteral("a")}};
    const QJsonObject after {{QStringLiteral("amount"), 12}};
    const JsonDiff::Result r = JsonDiff::values(before, after, QStringLiteral("data"));
    QCOMPARE(r.outcome, JsonDiff::Outcome::Json);
    QCOMPARE(
        render(r), (QStringList {QStringLiteral("~ data.amount: 10 -> 12"), QStringLiteral(R"(- data.tag: "a")")}));
    QCOMPARE(JsonDiff::values(before, before, QStringLiteral("data")).outcome, JsonDiff::Outcome::Same);
    const JsonDiff::Result whole
        = JsonDiff::values(QJsonValue(1), QJsonValue(QStringLiteral("1")), QStringLiteral("data"));
    QCOMPARE(render(whole), QStringList {QStringLiteral(R"(! data: 1 -> "1")")});
}

void TestJsonDiff::pathsAreSpelledAsTheTreeCopiesThem_data()
{
    QTest::addColumn<QString>("key");
    QTest::newRow("identifier") << QStringLiteral("amount");
    QTest::newRow("underscore and digits") << QStringLiteral("_id2");
    QTest::newRow("leading digit") << QStringLiteral("2nd");
    QTest::newRow("space") << QStringLiteral("weird key");
    QTest::newRow("dot") << QStringLiteral("a.b");
    QTest::newRow("quote") << QStringLiteral("quote\"d");
    QTest::newRow("empty") << QString();
    QTest::newRow("non-ASCII") << QStringLiteral("naïve");
}

void TestJsonDiff::pathsAreSpelledAsTheTreeCopiesThem()
{
    QFETCH(QString, key);
    QCOMPARE(JsonDiff::childPath(QString(), key), JsonTreeModel::keySegment(key, true));
    QCOMPARE(JsonDiff::childPath(QStringLiteral("data"), key),
        QStringLiteral("data") + JsonTreeModel::keySegment(key, false));
}

void TestJsonDiff::valueTextIsQuotedAndCut()
{
    QCOMPARE(JsonDiff::valueText(QJsonValue(QStringLiteral("a \"b\"\n"))), QStringLiteral(R"("a \"b\"\n")"));
    QCOMPARE(JsonDiff::valueText(QJsonValue(2.5)), QStringLiteral("2.5"));
    QCOMPARE(JsonDiff::valueText(QJsonValue(QJsonValue::Null)), QStringLiteral("null"));
    QCOMPARE(JsonDiff::valueText(QJsonValue(QJsonValue::Undefined)), QString());
    QCOMPARE(JsonDiff::valueText(QJsonValue(QStringLiteral("<b>x</b>"))), QStringLiteral("\"<b>x</b>\""));
    const QString cut = JsonDiff::valueText(QJsonValue(QString(500, QLatin1Char('x'))), 10);
    QCOMPARE(cut, QStringLiteral("\"xxxxxxxxx\u2026"));
}

void TestJsonDiff::manyChangesAreCountedButNotAllKept()
{
    // 3000 distinct elements all replaced: too many edits to align, so they pair by index.
    QJsonArray before;
    QJsonArray after;
    for (int i = 0; i < 3000; ++i) {
        before.append(i);
        after.append(-i - 1);
    }
    const JsonDiff::Result r = JsonDiff::values(before, after);
    QCOMPARE(r.outcome, JsonDiff::Outcome::Json);
    QCOMPARE(r.changeCount, 3000);
    QCOMPARE(r.changes.size(), JsonDiff::MaxEntries);
    QVERIFY(r.truncated());
    QCOMPARE(render(r.changes.first()), QStringLiteral("~ [0]: 0 -> -1"));
    QCOMPARE(render(r.changes.last()), QStringLiteral("~ [999]: 999 -> -1000"));

    // Text: many small hunks, all counted, the kept lines capped.
    QByteArray a;
    QByteArray b;
    for (int i = 0; i < 400; ++i) {
        a += "same " + QByteArray::number(i) + "\nold\n";
        b += "same " + QByteArray::number(i) + "\nnew\n";
    }
    const JsonDiff::Result t = JsonDiff::bodies(a, b);
    QCOMPARE(t.outcome, JsonDiff::Outcome::Text);
    QCOMPARE(t.changeCount, 800);
    QCOMPARE(t.lines.size(), JsonDiff::MaxEntries);
    QVERIFY(t.truncated());
}

void TestJsonDiff::distantLineChangesMakeSeparateHunks()
{
    const QByteArray before = numberedLines(20, "l");
    QByteArray after = before;
    after.replace("\nl3\n", "\nL3\n").replace("\nl17\n", "\nL17\n");
    const JsonDiff::Result r = JsonDiff::bodies(before, after);
    QCOMPARE(render(r),
        (QStringList {QStringLiteral(" 1|1|l1"), QStringLiteral(" 2|2|l2"), QStringLiteral("-3|0|l3"),
            QStringLiteral("+0|3|L3"), QStringLiteral(" 4|4|l4"), QStringLiteral(" 5|5|l5"),
            QStringLiteral(" 15|15|l15"), QStringLiteral(" 16|16|l16"), QStringLiteral("-17|0|l17"),
            QStringLiteral("+0|17|L17"), QStringLiteral(" 18|18|l18"), QStringLiteral(" 19|19|l19")}));
    QCOMPARE(r.changeCount, 4);
}

void TestJsonDiff::largeArraysWithFewChangesAreAligned()
{
    // 100,000 elements, two changed far apart: the common start and end are set aside and the
    // rest aligns with a handful of edits.
    const JsonDiff::Result r = JsonDiff::bodies(arrayOf(100000), arrayOf(100000, 10, 90000));
    QCOMPARE(render(r),
        (QStringList {
            QStringLiteral("~ items[10].n: 10 -> -10"), QStringLiteral("~ items[90000].n: 90000 -> -90000")}));
    // A long line-based text with two distant changes.
    const QByteArray before = numberedLines(100000, "row ");
    QByteArray after = before;
    after.replace("\nrow 500\n", "\nROW 500\n").replace("\nrow 99000\n", "\nROW 99000\n");
    const JsonDiff::Result t = JsonDiff::bodies(before, after);
    QCOMPARE(t.outcome, JsonDiff::Outcome::Text);
    QCOMPARE(t.changeCount, 4);
    QCOMPARE(t.lines.size(), 12);
}

void TestJsonDiff::hugeBodiesAreOnlyMeasured()
{
    QByteArray huge = arrayOf(1);
    huge.append(QByteArray(JsonDiff::MaxBodyBytes, ' '));
    const JsonDiff::Result r = JsonDiff::bodies(huge, arrayOf(1, 0));
    QCOMPARE(r.outcome, JsonDiff::Outcome::TooLarge);
    QCOMPARE(r.beforeBytes, huge.size());
    QCOMPARE(r.afterBytes, arrayOf(1, 0).size());
    QVERIFY(r.changes.isEmpty() && r.lines.isEmpty());
    // The same huge bytes on both sides are simply the same.
    QCOMPARE(JsonDiff::bodies(huge, huge).outcome, JsonDiff::Outcome::Same);
}

QTEST_GUILESS_MAIN(TestJsonDiff)
#include "TestJsonDiff.moc"
