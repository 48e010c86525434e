#include "DetailPane.h"
#include "JsonHighlighter.h"
#include "JsonTreeModel.h"
#include "StoredEvent.h"

#include <QAction>
#include <QClipboard>
#include <QLabel>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QThreadPool>
#include <QTreeView>
#include <QtTest>

#include <memory>

/// The detail pane on its own (QT_QPA_PLATFORM=offscreen): coloured body, JSON tree, large bodies.
class TestDetailPane : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void jsonBodyFillsBodyAndTree();
    void copyPathAndValue();
    void nonJsonBodyHasNoTree();
    void markupStaysLiteral();
    void coloursFollowThePalette();
    void largeBodyIsFormattedInTheBackground();
    void lateResultForAnEarlierEventIsDropped();
    void largeBodiesInARowThenASmallOne();

private:
    template<typename T> T* find(const char* name) const
    {
        T* child = m_pane->findChild<T*>(QString::fromLatin1(name));
        [&] { QVERIFY2(child, name); }();
        return child;
    }
    QModelIndex findKeys(const QString& slashKeys) const;

    std::unique_ptr<DetailPane> m_pane;
};

namespace {

StoredEvent eventWithBody(const QByteArray& body, qint64 id = 1)
{
    StoredEvent e;
    e.id = id;
    e.method = "POST";
    e.target = "/webhook";
    e.path = "/webhook";
    e.httpVersion = "HTTP/1.1";
    e.headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
    e.body = body;
    return e;
}

const QByteArray SmallJson = R"({"data":{"items":[{"amount":10},{"amount":12.5,"note":"<b>bold</b>"}],)"
                             R"("weird key":1},"event":"invoices.created"})";

/// About 6 MB of JSON: {"data":{"items":[{"amount":0,"note":"<b>bold</b> ..."}, ...]}}
QByteArray largeJson()
{
    QByteArray body = "{\"data\":{\"items\":[";
    const QByteArray padding(80, 'x');
    for (int i = 0; body.size() < 6 * 1024 * 1024; ++i) {
        body += (i ? "," : "") + QByteArray("{\"amount\":") + QByteArray::number(i) + ",\"note\":\"<b>bold</b> "
            + padding + "\"}";
    }
    return body + "]}}";
}

} // namespace

void TestDetailPane::init()
{
    m_pane = std::make_unique<DetailPane>();
    m_pane->resize(800, 600);
    m_pane->show();
    QGuiApplication::clipboard()->clear();
}

void TestDetailPane::cleanup()
{
    m_pane.reset();
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents(); // late results find the pane gone
}

QModelIndex TestDetailPane::findKeys(const QString& slashKeys) const
{
    const QAbstractItemModel* model = m_pane->findChild<QTreeView*>(QStringLiteral("jsonTreeView"))->model();
    QModelIndex at;
    for (const QString& key : slashKeys.split(QLatin1Char('/'))) {
        const QModelIndexList hits
            = model->match(model->index(0, JsonTreeModel::Key, at), Qt::DisplayRole, key, 1, Qt::MatchExactly);
        if (hits.isEmpty()) {
            return QModelIndex();
        }
        at = hits.first();
    }
    return at;
}

void TestDetailPane::jsonBodyFillsBodyAndTree()
{
    m_pane->setEvent(eventWithBody(SmallJson));
    const QString body = find<QPlainTextEdit>("bodyTextEdit")->toPlainText();
    QVERIFY2(body.contains(QStringLiteral("\n    \"data\": {\n")), qPrintable(body)); // indented, at once
    QVERIFY(find<QLabel>("bodyNoticeLabel")->isHidden());

    auto* tree = find<QTreeView>("jsonTreeView");
    QCOMPARE(find<QStackedWidget>("jsonTreeStackedWidget")->currentWidget(), tree);
    QCOMPARE(tree->model()->rowCount(), 2);
    const QModelIndex data = findKeys(QStringLiteral("data"));
    QVERIFY(tree->model()->hasChildren(data));
    QVERIFY(tree->isExpanded(data)); // the top level opens one level deep
    const QModelIndex items = findKeys(QStringLiteral("data/items"));
    QVERIFY(!tree->isExpanded(items));
    tree->expand(items);
    QVERIFY(tree->isExpanded(items));
    QCOMPARE(tree->model()->rowCount(items), 2);
}

void TestDetailPane::copyPathAndValue()
{
    m_pane->setEvent(eventWithBody(SmallJson));
    auto* tree = find<QTreeView>("jsonTreeView");
    const QModelIndex amount = findKeys(QStringLiteral("data/items/[1]/amount"));
    QVERIFY(amount.isValid());
    tree->setCurrentIndex(amount);
    QVERIFY(tree->actions().contains(find<QAction>("copyPathAction")));
    find<QAction>("copyPathAction")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("data.items[1].amount"));
    find<QAction>("copyValueAction")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("12.5"));
    tree->setCurrentIndex(findKeys(QStringLiteral("data/weird key")));
    find<QAction>("copyPathAction")->trigger();
    QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral(R"(data["weird key"])"));
}

void TestDetailPane::nonJsonBodyHasNoTree()
{
    m_pane->setEvent(eventWithBody(SmallJson));
    m_pane->setEvent(eventWithBody("name=value&other=<b>x</b>"));
    QCOMPARE(find<QPlainTextEdit>("bodyTextEdit")->toPlainText(), QStringLiteral("name=value&other=<b>x</b>"));
    auto* message = find<QLabel>("jsonTreeMessageLabel");
    QCOMPARE(find<QStackedWidget>("jsonTreeStackedWidget")->currentWidget(), message);
    QVERIFY(message->text().contains(QStringLiteral("not JSON")));
    QCOMPARE(message->textFormat(), Qt::PlainText);
    QCOMPARE(find<QTreeView>("jsonTreeView")->model()->rowCount(), 0);
    m_pane->clear();
    QVERIFY(find<QPlainTextEdit>("bodyTextEdit")->toPlainText().isEmpty());
    QCOMPARE(find<QTreeView>("jsonTreeView")->model()->rowCount(), 0);
}

void TestDetailPane::markupStaysLiteral()
{
    m_pane->setEvent(eventWithBody(SmallJson));
    auto* body = find<QPlainTextEdit>("bodyTextEdit");
    QVERIFY(body->toPlainText().contains(QStringLiteral("\"note\": \"<b>bold</b>\"")));
    QVERIFY(body->document()->toRawText().contains(QStringLiteral("<b>bold</b>")));
    // Coloured through formats, not markup: the "note" key's line carries formats once highlighted.
    const QTextBlock noteLine = body->document()->find(QStringLiteral("\"note\"")).block();
    QVERIFY(noteLine.isValid());
    QTRY_VERIFY(!noteLine.layout()->formats().isEmpty());
    QCOMPARE(noteLine.text().trimmed(), QStringLiteral("\"note\": \"<b>bold</b>\""));
}

void TestDetailPane::coloursFollowThePalette()
{
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    light.setColor(QPalette::Text, Qt::black);
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    QTextDocument document;
    JsonHighlighter highlighter(&document, light);
    QVERIFY(highlighter.keyColor().lightness() < 128);
    highlighter.setPalette(dark);
    QVERIFY(highlighter.keyColor().lightness() > 128);

    auto* paneHighlighter = m_pane->findChild<JsonHighlighter*>();
    QVERIFY(paneHighlighter);
    m_pane->setPalette(dark);
    QVERIFY(paneHighlighter->keyColor().lightness() > 128);
}

void TestDetailPane::largeBodyIsFormattedInTheBackground()
{
    const QByteArray big = largeJson();
    QVERIFY(big.size() > DetailPane::FormatLimit);
    m_pane->setEvent(eventWithBody(big));
    auto* body = find<QPlainTextEdit>("bodyTextEdit");
    // setEvent() returned without formatting: the notice is up until the pool's result comes back queued.
    QCOMPARE(body->toPlainText(), QStringLiteral("Formatting %1…").arg(DetailPane::sizeText(big.size())));
    QCOMPARE(DetailPane::sizeText(big.size()), QStringLiteral("6.0 MB"));
    QTRY_VERIFY_WITH_TIMEOUT(body->toPlainText().startsWith(QStringLiteral("{\n    \"data\": {\n")), 20000);
    QVERIFY(body->toPlainText().contains(QStringLiteral("\"note\": \"<b>bold</b> xxx")));
    auto* notice = find<QLabel>("bodyNoticeLabel");
    QVERIFY(!notice->isHidden());
    QVERIFY2(notice->text().contains(QStringLiteral("6.0 MB")), qPrintable(notice->text()));
    QVERIFY2(notice->text().contains(QStringLiteral("colouring is off")), qPrintable(notice->text()));
    QVERIFY(find<QTreeView>("jsonTreeView")->model()->rowCount() == 1);
    QVERIFY(findKeys(QStringLiteral("data/items/[1]/amount")).isValid());
}

void TestDetailPane::lateResultForAnEarlierEventIsDropped()
{
    m_pane->setEvent(eventWithBody(largeJson(), 1));
    m_pane->setEvent(eventWithBody(SmallJson, 2));
    QThreadPool::globalInstance()->waitForDone();
    QCoreApplication::processEvents(); // the first event's result arrives now, and must be ignored
    QVERIFY(find<QPlainTextEdit>("bodyTextEdit")->toPlainText().contains(QStringLiteral("\"weird key\": 1")));
    QCOMPARE(find<QTreeView>("jsonTreeView")->model()->rowCount(), 2);
    QVERIFY(find<QLabel>("bodyNoticeLabel")->isHidden());
}

void TestDetailPane::largeBodiesInARowThenASmallOne()
{
    // Each large body arrives as a document made off the GUI thread; the one it replaces is freed.
    auto* body = find<QPlainTextEdit>("bodyTextEdit");
    const QByteArray big = largeJson();
    for (qint64 id = 1; id <= 2; ++id) {
        m_pane->setEvent(eventWithBody(big, id));
        QTRY_VERIFY_WITH_TIMEOUT(body->toPlainText().startsWith(QStringLiteral("{\n    \"data\"")), 20000);
    }
    const QList<QTextDocument*> documents = body->findChildren<QTextDocument*>();
    QCOMPARE(documents.size(), 1); // the one shown: neither the editor's first one nor the earlier large one is left
    QCOMPARE(documents.first(), body->document());
    m_pane->setEvent(eventWithBody(SmallJson, 3));
    QVERIFY(body->toPlainText().contains(QStringLiteral("\"weird key\": 1")));
    QVERIFY(find<QLabel>("bodyNoticeLabel")->isHidden());
    QTRY_VERIFY(!body->document()->findBlockByNumber(1).layout()->formats().isEmpty()); // coloured again
}

QTEST_MAIN(TestDetailPane)
#include "TestDetailPane.moc"
