#include "JsonTreeModel.h"

#include <QAbstractItemModelTester>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

/// The JSON tree behind the detail pane's Tree tab: rows, types, values and the paths "Copy path" gives.
class TestJsonTreeModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void nodes_data();
    void nodes();
    void topLevelRowsAndHeaders();
    void copyTextOfContainers();
    void arrayAtTheTop();
    void resetAndClear();

private:
    /// Follows Key-column texts ("data", "items", "[1]") down from the top.
    QModelIndex find(const QStringList& keys) const;

    std::unique_ptr<JsonTreeModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

namespace {

const QByteArray Body = R"({
    "data": {
        "items": [
            {"amount": 10, "currency": "EUR"},
            {"amount": 12.5, "currency": "USD", "tags": []},
            {"amount": 9007199254740993, "note": null}
        ],
        "weird key": {"2nd": true, "a.b": "dot", "quote\"d": false}
    },
    "event": "invoices.created",
    "html": "<b>bold</b>"
})";

} // namespace

void TestJsonTreeModel::init()
{
    m_model = std::make_unique<JsonTreeModel>();
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_model->setDocument(QJsonDocument::fromJson(Body));
}

void TestJsonTreeModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
}

QModelIndex TestJsonTreeModel::find(const QStringList& keys) const
{
    QModelIndex parent;
    for (const QString& key : keys) {
        const QModelIndexList hits
            = m_model->match(m_model->index(0, JsonTreeModel::Key, parent), Qt::DisplayRole, key, 1, Qt::MatchExactly);
        if (hits.isEmpty()) {
            return QModelIndex();
        }
        parent = hits.first();
    }
    return parent;
}

void TestJsonTreeModel::nodes_data()
{
    QTest::addColumn<QString>("keys"); // Key-column texts, top down, separated by /
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("children");

    QTest::newRow("top-level object") << "data"
                                      << "data"
                                      << "object"
                                      << "{2}" << 2;
    QTest::newRow("array in an object") << "data/items"
                                        << "data.items"
                                        << "array"
                                        << "[3]" << 3;
    QTest::newRow("array element") << "data/items/[1]"
                                   << "data.items[1]"
                                   << "object"
                                   << "{3}" << 3;
    QTest::newRow("number in an element") << "data/items/[1]/amount"
                                          << "data.items[1].amount"
                                          << "number"
                                          << "12.5" << 0;
    QTest::newRow("integer past 2^53 keeps its digits") << "data/items/[2]/amount"
                                                        << "data.items[2].amount"
                                                        << "number"
                                                        << "9007199254740993" << 0;
    QTest::newRow("null") << "data/items/[2]/note"
                          << "data.items[2].note"
                          << "null"
                          << "null" << 0;
    QTest::newRow("empty array") << "data/items/[1]/tags"
                                 << "data.items[1].tags"
                                 << "array"
                                 << "[0]" << 0;
    QTest::newRow("key with a space") << "data/weird key"
                                      << R"(data["weird key"])"
                                      << "object"
                                      << "{3}" << 3;
    QTest::newRow("key starting with a digit") << "data/weird key/2nd"
                                               << R"(data["weird key"]["2nd"])"
                                               << "boolean"
                                               << "true" << 0;
    QTest::newRow("key with a dot") << "data/weird key/a.b"
                                    << R"(data["weird key"]["a.b"])"
                                    << "string"
                                    << "dot" << 0;
    QTest::newRow("key with a quote") << "data/weird key/quote\"d"
                                      << R"(data["weird key"]["quote\"d"])"
                                      << "boolean"
                                      << "false" << 0;
    QTest::newRow("string stays literal") << "html"
                                          << "html"
                                          << "string"
                                          << "<b>bold</b>" << 0;
}

void TestJsonTreeModel::nodes()
{
    QFETCH(QString, keys);
    QFETCH(QString, path);
    QFETCH(QString, type);
    QFETCH(QString, value);
    QFETCH(int, children);

    const QModelIndex key = find(keys.split(QLatin1Char('/')));
    QVERIFY2(key.isValid(), qPrintable(keys));
    QCOMPARE(m_model->path(key), path);
    QCOMPARE(key.data(JsonTreeModel::PathRole).toString(), path);
    QCOMPARE(key.siblingAtColumn(JsonTreeModel::Type).data().toString(), type);
    QCOMPARE(key.siblingAtColumn(JsonTreeModel::Value).data().toString(), value);
    QCOMPARE(m_model->rowCount(key), children);
    QCOMPARE(m_model->rowCount(key.siblingAtColumn(JsonTreeModel::Value)), 0);
    if (children == 0 && type != QLatin1String("array")) {
        QCOMPARE(m_model->copyText(key), value);
    }
}

void TestJsonTreeModel::topLevelRowsAndHeaders()
{
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->columnCount(), int(JsonTreeModel::ColumnCount));
    QCOMPARE(m_model->headerData(JsonTreeModel::Key, Qt::Horizontal).toString(), QStringLiteral("Key"));
    QCOMPARE(m_model->headerData(JsonTreeModel::Type, Qt::Horizontal).toString(), QStringLiteral("Type"));
    QCOMPARE(m_model->headerData(JsonTreeModel::Value, Qt::Horizontal).toString(), QStringLiteral("Value"));
    // Keys in the order the indented body shows them (sorted).
    QCOMPARE(m_model->index(0, 0).data().toString(), QStringLiteral("data"));
    QCOMPARE(m_model->index(1, 0).data().toString(), QStringLiteral("event"));
    QCOMPARE(m_model->index(2, 0).data().toString(), QStringLiteral("html"));
    const QModelIndex amount
        = find({QStringLiteral("data"), QStringLiteral("items"), QStringLiteral("[0]"), QStringLiteral("amount")});
    QCOMPARE(m_model->parent(amount), find({QStringLiteral("data"), QStringLiteral("items"), QStringLiteral("[0]")}));
    QVERIFY(m_model->flags(amount) & Qt::ItemNeverHasChildren);
}

void TestJsonTreeModel::copyTextOfContainers()
{
    const QModelIndex first = find({QStringLiteral("data"), QStringLiteral("items"), QStringLiteral("[0]")});
    const QJsonDocument copied = QJsonDocument::fromJson(m_model->copyText(first).toUtf8());
    QVERIFY(copied.isObject());
    QCOMPARE(copied.object().value(QStringLiteral("currency")).toString(), QStringLiteral("EUR"));
    QCOMPARE(first.data(JsonTreeModel::CopyTextRole).toString(), m_model->copyText(first));
}

void TestJsonTreeModel::arrayAtTheTop()
{
    m_model->setDocument(QJsonDocument::fromJson(R"([{"id": 1}, [true, "x"], "weird"])"));
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(m_model->path(m_model->index(0, 0)), QStringLiteral("[0]"));
    QCOMPARE(m_model->path(m_model->index(0, 0, m_model->index(0, 0))), QStringLiteral("[0].id"));
    QCOMPARE(m_model->path(m_model->index(1, 0, m_model->index(1, 0))), QStringLiteral("[1][1]"));
    QCOMPARE(JsonTreeModel::keySegment(QStringLiteral("weird key"), true), QStringLiteral(R"(["weird key"])"));
    QCOMPARE(JsonTreeModel::keySegment(QStringLiteral("$ok_1"), false), QStringLiteral(".$ok_1"));
    QCOMPARE(JsonTreeModel::keySegment(QString(), false), QStringLiteral(R"([""])"));
}

void TestJsonTreeModel::resetAndClear()
{
    QSignalSpy resets(m_model.get(), &QAbstractItemModel::modelReset);
    m_model->clear();
    QCOMPARE(resets.count(), 1);
    QCOMPARE(m_model->rowCount(), 0);
    m_model->setDocument(QJsonDocument::fromJson(Body));
    QCOMPARE(resets.count(), 2);
    QCOMPARE(m_model->rowCount(), 3);
}

QTEST_GUILESS_MAIN(TestJsonTreeModel)
#include "TestJsonTreeModel.moc"
