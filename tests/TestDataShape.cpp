#include "DataShape.h"
#include "LearnedShape.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

namespace {

QStringList strings(std::initializer_list<const char*> texts)
{
    QStringList out;
    for (const char* text : texts) {
        out.append(QString::fromUtf8(text));
    }
    return out;
}

DataShape shapeOf(const QByteArray& data)
{
    return DataShape::of(QJsonDocument::fromJson(data).object());
}

/// "path:types" lines, types as DataShape::typeNames() spells them, so that rows read as text.
QStringList describe(const DataShape& shape)
{
    QStringList out;
    for (auto it = shape.fields().constBegin(); it != shape.fields().constEnd(); ++it) {
        out.append(it.key() + QLatin1Char(':') + DataShape::typeNames(it.value(), false));
    }
    return out;
}

LearnedShape learned(const QList<QByteArray>& datas)
{
    LearnedShape shape;
    shape.channel = QStringLiteral("invoices");
    shape.action = QStringLiteral("created");
    for (const QByteArray& data : datas) {
        shape.learn(shapeOf(data));
    }
    return shape;
}

} // namespace

/// The shape of a webhook's data, what was learned of it, and exactly what a new one changes.
class TestDataShape : public QObject
{
    Q_OBJECT

private slots:
    void shape_data();
    void shape();
    void typeNames_data();
    void typeNames();
    void skeletonTellsShapesApart_data();
    void skeletonTellsShapesApart();
    void changes_data();
    void changes();
    void problemNamesAtMostEightChanges();
    void learningMakesFieldsOptional();
    void fieldsJsonRoundTrip();
};

void TestDataShape::shape_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("flat") << QByteArray(R"({"id":1,"amount":"12.50","paid":false,"notes":null})")
                          << strings({"data.amount:string", "data.id:number", "data.notes:null", "data.paid:boolean"});
    QTest::newRow("nested object") << QByteArray(R"({"client":{"id":7,"name":"Ama"}})")
                                   << strings(
                                          {"data.client:object", "data.client.id:number", "data.client.name:string"});
    QTest::newRow("array of objects: one path for every element")
        << QByteArray(R"({"items":[{"qty":1},{"qty":2,"note":"x"}]})")
        << strings({"data.items:array", "data.items[]:object", "data.items[].note:string", "data.items[].qty:number"});
    QTest::newRow("elements of several types") << QByteArray(R"({"tags":["a",1,null]})")
                                               << strings({"data.tags:array", "data.tags[]:string or number or null"});
    QTest::newRow("empty array: no element path") << QByteArray(R"({"items":[]})") << strings({"data.items:array"});
    QTest::newRow("nested arrays") << QByteArray(R"({"m":[[1,2],[3]]})")
                                   << strings({"data.m:array", "data.m[]:array", "data.m[][]:number"});
    QTest::newRow("odd keys are quoted") << QByteArray(R"({"a.b":1,"with space":{"x":true},"2nd":"y"})")
                                         << strings({R"(data["2nd"]:string)", R"(data["a.b"]:number)",
                                                R"(data["with space"]:object)", R"(data["with space"].x:boolean)"});
    QTest::newRow("empty object") << QByteArray("{}") << QStringList();
}

void TestDataShape::shape()
{
    QFETCH(QByteArray, data);
    QFETCH(QStringList, expected);
    QCOMPARE(describe(shapeOf(data)), expected);
    // From a whole webhook body, the same.
    QCOMPARE(describe(DataShape::ofBody(R"({"event":"invoices.created","data":)" + data + "}")), expected);
}

void TestDataShape::typeNames_data()
{
    QTest::addColumn<int>("types");
    QTest::addColumn<bool>("article");
    QTest::addColumn<QString>("expected");
    QTest::newRow("a number") << int(DataShape::Number) << true << QStringLiteral("a number");
    QTest::newRow("an object") << int(DataShape::Object) << true << QStringLiteral("an object");
    QTest::newRow("null stays bare") << int(DataShape::Null) << true << QStringLiteral("null");
    QTest::newRow("bare list") << int(DataShape::String | DataShape::Null) << false << QStringLiteral("string or null");
}

void TestDataShape::typeNames()
{
    QFETCH(int, types);
    QFETCH(bool, article);
    QFETCH(QString, expected);
    QCOMPARE(DataShape::typeNames(quint8(types), article), expected);
}

void TestDataShape::skeletonTellsShapesApart_data()
{
    QTest::addColumn<QByteArray>("a");
    QTest::addColumn<QByteArray>("b");
    QTest::addColumn<bool>("same");

    QTest::newRow("other values, same skeleton")
        << QByteArray(R"({"event":"x.y","data":{"id":1,"name":"Ama","ok":true,"n":null}})")
        << QByteArray(R"({ "event" : "a.b", "data" : { "id" : -2.5e3, "name" : "K\"o\\", "ok" : false, "n" : null } })")
        << true;
    QTest::newRow("a string became a number")
        << QByteArray(R"({"data":{"amount":"1.00"}})") << QByteArray(R"({"data":{"amount":1.00}})") << false;
    QTest::newRow("a field more") << QByteArray(R"({"data":{"id":1}})") << QByteArray(R"({"data":{"id":1,"x":1}})")
                                  << false;
    QTest::newRow("a value that looks like a key")
        << QByteArray(R"({"data":{"a":"b"}})") << QByteArray(R"({"data":{"b":"a"}})") << false;
    QTest::newRow("a colon inside a string value")
        << QByteArray(R"({"data":{"a":"x:y"}})") << QByteArray(R"({"data":{"a":"z"}})") << true;
    QTest::newRow("a list one longer") << QByteArray(R"({"data":{"l":[1,2]}})")
                                       << QByteArray(R"({"data":{"l":[1,2,3]}})") << false;
}

void TestDataShape::skeletonTellsShapesApart()
{
    QFETCH(QByteArray, a);
    QFETCH(QByteArray, b);
    QFETCH(bool, same);
    const QByteArray skeletonA = DataShape::skeleton(a);
    const QByteArray skeletonB = DataShape::skeleton(b);
    QVERIFY(!skeletonA.isNull());
    QVERIFY(!skeletonB.isNull());
    QCOMPARE(skeletonA == skeletonB, same);
    if (same) {
        // The promise the cache relies on: equal skeletons, equal shapes.
        QCOMPARE(DataShape::ofBody(a), DataShape::ofBody(b));
    }
}

void TestDataShape::changes_data()
{
    QTest::addColumn<QList<QByteArray>>("learnedFrom");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QStringList>("expected");

    const QByteArray invoice = R"({"id":1,"amount":"12.50","client":{"id":2,"name":"Ama"},"items":[{"qty":1}]})";
    QTest::newRow("same shape, other values")
        << QList<QByteArray> {invoice}
        << QByteArray(R"({"id":9,"amount":"1.00","client":{"id":3,"name":"Kofi"},"items":[{"qty":5},{"qty":2}]})")
        << QStringList();
    QTest::newRow("the example: a type and a new field")
        << QList<QByteArray> {invoice}
        << QByteArray(R"({"id":1,"amount":12.5,"notes":"x","client":{"id":2,"name":"Ama"},"items":[{"qty":1}]})")
        << strings({"data.amount is a number (expected string)", "data.notes is new"});
    QTest::newRow("missing field") << QList<QByteArray> {invoice}
                                   << QByteArray(R"({"id":1,"client":{"id":2,"name":"Ama"},"items":[{"qty":1}]})")
                                   << strings({"data.amount is missing"});
    QTest::newRow("a missing object is one change, not one per field")
        << QList<QByteArray> {invoice} << QByteArray(R"({"id":1,"amount":"1","items":[{"qty":1}]})")
        << strings({"data.client is missing"});
    QTest::newRow("an object turned null: its fields are not said missing")
        << QList<QByteArray> {invoice} << QByteArray(R"({"id":1,"amount":"1","client":null,"items":[{"qty":1}]})")
        << strings({"data.client is null (expected object)"});
    QTest::newRow("a new object is one change")
        << QList<QByteArray> {invoice}
        << QByteArray(R"({"id":1,"amount":"1","client":{"id":2,"name":"A"},"items":[{"qty":1}],"meta":{"a":1,"b":2}})")
        << strings({"data.meta is new"});
    QTest::newRow("an empty list is no missing element")
        << QList<QByteArray> {invoice} << QByteArray(R"({"id":1,"amount":"1","client":{"id":2,"name":"A"},"items":[]})")
        << QStringList();
    QTest::newRow("a field of the elements missing")
        << QList<QByteArray> {invoice}
        << QByteArray(R"({"id":1,"amount":"1","client":{"id":2,"name":"A"},"items":[{"quantity":1}]})")
        << strings({"data.items[].qty is missing", "data.items[].quantity is new"});
    QTest::newRow("an optional field may be absent or present")
        << QList<QByteArray> {R"({"id":1,"tag":"a"})", R"({"id":2})"} << QByteArray(R"({"id":3})") << QStringList();
    QTest::newRow("types learned: either is fine")
        << QList<QByteArray> {R"({"qoh":null})", R"({"qoh":4})"} << QByteArray(R"({"qoh":7})") << QStringList();
    QTest::newRow("a type never learned")
        << QList<QByteArray> {R"({"qoh":null})", R"({"qoh":4})"} << QByteArray(R"({"qoh":"7"})")
        << strings({"data.qoh is a string (expected number or null)"});
}

void TestDataShape::changes()
{
    QFETCH(QList<QByteArray>, learnedFrom);
    QFETCH(QByteArray, data);
    QFETCH(QStringList, expected);
    QCOMPARE(learned(learnedFrom).changes(shapeOf(data)), expected);
}

void TestDataShape::problemNamesAtMostEightChanges()
{
    QCOMPARE(LearnedShape::problem(
                 {QStringLiteral("data.amount is a number (expected string)"), QStringLiteral("data.notes is new")}),
        QStringLiteral("shape: data.amount is a number (expected string); data.notes is new"));
    QStringList many;
    for (int i = 0; i < 11; ++i) {
        many.append(QStringLiteral("data.f%1 is new").arg(i));
    }
    const QString problem = LearnedShape::problem(many);
    QVERIFY(problem.startsWith(QStringLiteral("shape: data.f0 is new; ")));
    QVERIFY(problem.contains(QStringLiteral("data.f7 is new; and 3 more")));
    QVERIFY(!problem.contains(QStringLiteral("data.f8")));
}

void TestDataShape::learningMakesFieldsOptional()
{
    const LearnedShape shape = learned({R"({"id":1,"tag":"a"})", R"({"id":2})", R"({"id":3,"tag":"b"})"});
    QCOMPARE(shape.events, 3);
    QVERIFY(shape.isRequired(QStringLiteral("data.id")));
    QVERIFY(!shape.isRequired(QStringLiteral("data.tag")));
    QCOMPARE(shape.fields.value(QStringLiteral("data.tag")).seen, 2);
    QVERIFY(!shape.isRequired(QStringLiteral("data.nothing")));
}

void TestDataShape::fieldsJsonRoundTrip()
{
    const LearnedShape shape = learned({R"({"id":1,"tag":"a","l":[{"x":null}]})", R"({"id":"2"})"});
    LearnedShape read;
    QVERIFY(read.readFieldsJson(shape.fieldsJson()));
    QCOMPARE(read.fields, shape.fields);
    QVERIFY(!read.readFieldsJson("[1,2]"));
    QVERIFY(!read.readFieldsJson(R"({"data.id":[1]})"));
}

QTEST_GUILESS_MAIN(TestDataShape)
#include "TestDataShape.moc"
