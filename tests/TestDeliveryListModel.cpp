#include "DeliveryAnswerView.h"
#include "DeliveryListModel.h"
#include "DetailPane.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

/// The table of delivery attempts shared by the Deliveries tab and the delivery logs, checked by
/// Qt's model tester; and the answer view's plain text.
class TestDeliveryListModel : public QObject
{
    Q_OBJECT

private slots:
    void rowsShowEachAttempt_data();
    void rowsShowEachAttempt();
    void newestFirstAndBounded();
    void knownAttemptIsNotListedTwice();
    void answerIsPlainText();

private:
    static Delivery attempt(qint64 id, qint64 eventId, int status, const QString& error = QString());
};

Delivery TestDeliveryListModel::attempt(qint64 id, qint64 eventId, int status, const QString& error)
{
    Delivery d;
    d.id = id;
    d.eventId = eventId;
    d.target = QStringLiteral("http://127.0.0.1:3000/hooks");
    d.method = "POST";
    d.idempotencyKey = QStringLiteral("26053e97-f78a-4d25-a519-4eed22ba5c41");
    d.sentAtMs = 1795917180000;
    d.latencyMs = 35;
    d.status = status;
    d.reason = status == 200 ? "OK" : status == 500 ? "Internal Server Error" : "";
    d.error = error;
    return d;
}

void TestDeliveryListModel::rowsShowEachAttempt_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("outcome");
    QTest::addColumn<bool>("succeeded");

    QTest::newRow("2xx") << 200 << QString() << "200 OK" << true;
    QTest::newRow("5xx") << 500 << QString() << "500 Internal Server Error" << false;
    QTest::newRow("network error") << 0 << "Connection refused"
                                   << "failed: Connection refused" << false;
}

void TestDeliveryListModel::rowsShowEachAttempt()
{
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(QString, outcome);
    QFETCH(bool, succeeded);
    DeliveryListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDeliveries({attempt(7, 12, status, error)});
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, DeliveryListModel::EventColumn).data().toString(), QStringLiteral("#12"));
    QCOMPARE(
        model.index(0, DeliveryListModel::Target).data().toString(), QStringLiteral("http://127.0.0.1:3000/hooks"));
    QCOMPARE(model.index(0, DeliveryListModel::Outcome).data().toString(), outcome);
    QCOMPARE(model.index(0, DeliveryListModel::Key).data().toString(),
        QStringLiteral("26053e97-f78a-4d25-a519-4eed22ba5c41"));
    QCOMPARE(model.index(0, 0).data(DeliveryListModel::SucceededRole).toBool(), succeeded);
    QCOMPARE(model.index(0, 0).data(DeliveryListModel::EventIdRole).toLongLong(), 12);
    QCOMPARE(model.index(0, 0).data(DeliveryListModel::DeliveryIdRole).toLongLong(), 7);
    // Failures stand out by weight, not by a colour that could clash with the palette.
    QCOMPARE(model.index(0, DeliveryListModel::Outcome).data(Qt::FontRole).isValid(), !succeeded);
}

void TestDeliveryListModel::newestFirstAndBounded()
{
    DeliveryListModel model(3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    for (qint64 id = 1; id <= 5; ++id) {
        model.prepend(attempt(id, id, 200));
    }
    QCOMPARE(inserted.size(), 5);
    QCOMPARE(reset.size(), 0); // rows in place: the selection and scroll survive
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.delivery(0).id, 5);
    QCOMPARE(model.delivery(2).id, 3);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.size(), 1);
}

void TestDeliveryListModel::knownAttemptIsNotListedTwice()
{
    DeliveryListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDeliveries({attempt(2, 1, 200), attempt(1, 1, 500)});
    model.prepend(attempt(2, 1, 200)); // read from the history and announced live
    QCOMPARE(model.rowCount(), 2);
    model.prepend(attempt(0, 1, 0, QStringLiteral("cancelled"))); // never stored: no id to compare
    model.prepend(attempt(0, 1, 0, QStringLiteral("cancelled")));
    QCOMPARE(model.rowCount(), 4);
}

void TestDeliveryListModel::answerIsPlainText()
{
    Delivery d = attempt(3, 9, 200);
    d.responseHeaders = {{"Content-Type", "text/html"}, {"X-Trace", "<b>bold</b>"}};
    d.responseBody = "<img src=x onerror=alert(1)><b>hi</b>";
    d.responseTruncated = true;
    const QString text = DeliveryAnswerView::text(d);
    QVERIFY2(text.startsWith(QStringLiteral("#9 POST http://127.0.0.1:3000/hooks\n")), qPrintable(text));
    QVERIFY(text.contains(QStringLiteral("HTTP 200 OK\nContent-Type: text/html\nX-Trace: <b>bold</b>\n")));
    QVERIFY(text.contains(QStringLiteral("<img src=x onerror=alert(1)><b>hi</b>")));
    QVERIFY2(text.endsWith(QStringLiteral("\n(the answer was longer: only its first %1 are kept)")
                               .arg(DetailPane::sizeText(Delivery::MaxResponseBody))),
        qPrintable(text));
    DeliveryAnswerView view;
    view.setDelivery(d);
    QCOMPARE(view.toPlainText(), text); // a QPlainTextEdit: markup stays characters
    const QString failed = DeliveryAnswerView::text(attempt(4, 9, 0, QStringLiteral("Connection refused")));
    QVERIFY(failed.endsWith(QStringLiteral("failed: Connection refused")));
}

QTEST_MAIN(TestDeliveryListModel)
#include "TestDeliveryListModel.moc"
