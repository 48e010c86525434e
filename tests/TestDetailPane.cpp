#include "CaptureServer.h"
#include "Catalog.h"
#include "CopiesView.h"
#include "DetailPane.h"
#include "DiffView.h"
#include "Envelope.h"
#include "EventRowDelegate.h"
#include "EventStore.h"
#include "EventTableModel.h"
#include "FilterBar.h"
#include "JsonHighlighter.h"
#include "JsonTreeModel.h"
#include "MainWindow.h"
#include "RawHttpClient.h"
#include "RelatedEventsLoader.h"
#include "ResourceHistoryView.h"
#include "StoredEvent.h"
#include "TestSupport.h"

#include <QAction>
#include <QClipboard>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QThreadPool>
#include <QTreeView>
#include <QTreeWidget>
#include <QtTest>

#include <memory>

/// The detail pane on its own (QT_QPA_PLATFORM=offscreen): coloured body, JSON tree, large bodies, the
/// copies of a key and the history of a resource read from a real history; and in the window, moving
/// between copies through the table.
class TestDetailPane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
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
    void retryListsEveryCopy();
    void copyNavigationAsksForTheOtherCopies();
    void conflictIsMarkedWithItsDiff();
    void sameDataWrittenDifferently();
    void resourceTabTellsTheStory();
    void eventWithoutKeyOrResource();
    void diffColoursFollowThePalette();
    void jumpingSelectsTheOtherCopysRow();
    void jumpToAnEventTheFilterHides();
    void resourceStepsJumpToo();

private:
    /// A history file with the events @p bodies (in order; received 1 s apart); their ids.
    QList<qint64> storeEvents(const QList<QByteArray>& bodies);
    /// Shows event @p id of m_history in the pane and waits for its copies and resource history.
    void showStored(qint64 id);
    void openWindow();
    qint64 post(const QByteArray& body);
    qint64 currentRowId() const;

    template<typename T> T* find(const char* name) const
    {
        T* child = m_pane->findChild<T*>(QString::fromLatin1(name));
        [&] { QVERIFY2(child, name); }();
        return child;
    }
    QModelIndex findKeys(const QString& slashKeys) const;

    std::unique_ptr<DetailPane> m_pane;
    std::unique_ptr<TempHistory> m_history;
    std::unique_ptr<CaptureServer> m_server;
    std::unique_ptr<EventTableModel> m_model;
    std::unique_ptr<MainWindow> m_window;
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

/// The provider's envelope for @p event with @p data.
QByteArray webhook(const QByteArray& event, const QByteArray& key, const QByteArray& data)
{
    return "{\"event\":\"" + event + "\",\"message\":\"m\",\"idempotency_key\":\"" + key
        + "\",\"environment\":\"staging\",\"data\":" + data + "}";
}

} // namespace

void TestDetailPane::initTestCase()
{
    // The window's settings go to a throwaway place, never the user's.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("HookscopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("TestDetailPane"));
    QSettings().clear();
}

void TestDetailPane::init()
{
    m_pane = std::make_unique<DetailPane>();
    m_pane->resize(800, 600);
    m_pane->show();
    QGuiApplication::clipboard()->clear();
}

void TestDetailPane::cleanup()
{
    m_window.reset();
    m_server.reset();
    m_model.reset();
    m_pane.reset();
    m_history.reset();
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

QList<qint64> TestDetailPane::storeEvents(const QList<QByteArray>& bodies)
{
    m_history = std::make_unique<TempHistory>();
    EventStore store;
    if (!store.open(m_history->path()) || !store.begin()) {
        return {};
    }
    QList<qint64> ids;
    for (const QByteArray& body : bodies) {
        StoredEvent e = eventWithBody(body, 0);
        e.receivedAtMs = 1'800'000'000'000 + 1000 * ids.size();
        e.responseStatus = 200;
        const Envelope envelope = Envelope::parse(e.method, "application/json", body, Catalog::builtIn());
        e.event = envelope.event;
        e.channel = envelope.channel;
        e.action = envelope.action;
        e.environment = envelope.environment;
        e.idempotencyKey = envelope.idempotencyKey;
        e.resourceId = envelope.resourceId;
        e.problems = envelope.problems;
        if (!store.insert(e)) {
            return {};
        }
        ids << e.id;
    }
    return store.commit() ? ids : QList<qint64>();
}

void TestDetailPane::showStored(qint64 id)
{
    EventStore store;
    QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
    const StoredEvent event = store.event(id);
    QCOMPARE(event.id, id);
    auto* loader = m_pane->findChild<RelatedEventsLoader*>();
    QVERIFY(loader);
    QSignalSpy copies(loader, &RelatedEventsLoader::copiesLoaded);
    QSignalSpy resource(loader, &RelatedEventsLoader::resourceLoaded);
    m_pane->setHistoryPath(m_history->path());
    m_pane->setEvent(event);
    // The pane handles each answer before the spies see it (it connected first).
    if (!event.idempotencyKey.isEmpty() || !event.resourceId.isNull()) {
        QTRY_COMPARE(resource.size(), 1);
        QCOMPARE(copies.size(), 1);
    }
}

void TestDetailPane::retryListsEveryCopy()
{
    const QByteArray key = newKey();
    const QByteArray body = webhook("invoices.created", key, R"({"id":5})");
    const QList<qint64> ids = storeEvents({body, webhook("invoices.created", newKey(), R"({"id":6})"), body, body});
    QCOMPARE(ids.size(), 4);
    showStored(ids.at(2));

    auto* tabs = find<QTabWidget>("detailTabWidget");
    QCOMPARE(tabs->tabText(tabs->indexOf(find<CopiesView>("copiesView"))), QStringLiteral("Copies (3)"));
    QVERIFY(!find<QWidget>("copiesContentWidget")->isHidden());
    const QString summary = find<QLabel>("copiesSummaryLabel")->text();
    QVERIFY2(summary.startsWith(QStringLiteral("3 event(s) carry the key %1.").arg(QString::fromLatin1(key))),
        qPrintable(summary));
    const QString firstSeen = CopiesView::timeText(1'800'000'000'000);
    const QString lastSeen = CopiesView::timeText(1'800'000'003'000);
    QVERIFY2(
        summary.contains(QStringLiteral("First seen %1 (#%2)").arg(firstSeen).arg(ids.at(0))), qPrintable(summary));
    QVERIFY2(summary.contains(QStringLiteral("last seen %1 (#%2)").arg(lastSeen).arg(ids.at(3))), qPrintable(summary));
    QCOMPARE(find<QLabel>("copyPositionLabel")->text(), QStringLiteral("Copy 2 of 3"));

    auto* list = find<QTreeWidget>("copiesTreeWidget");
    QCOMPARE(list->topLevelItemCount(), 3);
    QCOMPARE(list->topLevelItem(0)->text(CopiesView::IdColumn), QStringLiteral("#%1").arg(ids.at(0)));
    QCOMPARE(list->topLevelItem(0)->text(CopiesView::KindColumn), QStringLiteral("first copy"));
    QCOMPARE(list->topLevelItem(1)->text(CopiesView::KindColumn), QStringLiteral("retry, same body"));
    QCOMPARE(list->topLevelItem(1)->text(CopiesView::StatusColumn), QStringLiteral("200"));
    QCOMPARE(list->topLevelItem(2)->text(CopiesView::TimeColumn), lastSeen);
    QVERIFY(list->topLevelItem(1)->font(0).bold()); // the event shown
    QVERIFY(!list->topLevelItem(0)->font(0).bold());
    QCOMPARE(list->currentItem(), list->topLevelItem(1));
    QVERIFY(find<QLabel>("copyVerdictLabel")->text().startsWith(QStringLiteral("A retry")));
    QVERIFY(find<QWidget>("conflictDiffView")->isHidden());
    QVERIFY(find<QWidget>("conflictBanner")->isHidden());
}

void TestDetailPane::copyNavigationAsksForTheOtherCopies()
{
    const QByteArray body = webhook("invoices.created", newKey(), R"({"id":5})");
    const QList<qint64> ids = storeEvents({body, body, body});
    showStored(ids.at(1));
    QSignalSpy jumps(m_pane.get(), &DetailPane::jumpRequested);
    // The actions belong to the pane too, so that their shortcuts work from anywhere in the window.
    for (const char* name : {"firstCopyAction", "previousCopyAction", "nextCopyAction"}) {
        QVERIFY(m_pane->actions().contains(find<QAction>(name)));
        QVERIFY(find<QAction>(name)->isEnabled());
    }
    find<QAction>("nextCopyAction")->trigger();
    find<QAction>("previousCopyAction")->trigger();
    find<QAction>("firstCopyAction")->trigger();
    auto* list = find<QTreeWidget>("copiesTreeWidget");
    emit list->itemActivated(list->topLevelItem(2), 0);
    emit list->itemActivated(list->topLevelItem(1), 0); // itself: nothing to do
    QCOMPARE(jumps.size(), 4);
    QCOMPARE(jumps.at(0).at(0).toLongLong(), ids.at(2));
    QCOMPARE(jumps.at(1).at(0).toLongLong(), ids.at(0));
    QCOMPARE(jumps.at(2).at(0).toLongLong(), ids.at(0));
    QCOMPARE(jumps.at(3).at(0).toLongLong(), ids.at(2));

    // At the ends, the way on is closed.
    showStored(ids.at(2));
    QVERIFY(!find<QAction>("nextCopyAction")->isEnabled());
    QVERIFY(find<QAction>("previousCopyAction")->isEnabled());
    showStored(ids.at(0));
    QVERIFY(!find<QAction>("firstCopyAction")->isEnabled());
    QVERIFY(!find<QAction>("previousCopyAction")->isEnabled());
    QVERIFY(find<QLabel>("copyVerdictLabel")->text().startsWith(QStringLiteral("The first copy, retried 2 time(s).")));
}

void TestDetailPane::conflictIsMarkedWithItsDiff()
{
    const QByteArray key = newKey();
    const QList<qint64> ids
        = storeEvents({webhook("invoices.created", key, R"({"id":5,"amount":10,"note":"<b>a</b>"})"),
            webhook("invoices.created", key, R"({"id":5,"amount":12,"note":"<b>a</b>","extra":true})")});
    showStored(ids.at(1));

    auto* banner = find<QWidget>("conflictBanner");
    QTRY_VERIFY(!banner->isHidden());
    const QString text = find<QLabel>("conflictLabel")->text();
    QVERIFY2(
        text.startsWith(
            QStringLiteral("Conflict: this event reuses the key of #%1 with other data (2 change(s))").arg(ids.at(0))),
        qPrintable(text));
    QCOMPARE(find<QLabel>("conflictLabel")->textFormat(), Qt::PlainText);
    QCOMPARE(banner->palette().color(QPalette::Window), EventRowDelegate::tint(m_pane->palette(), true, true, false));
    auto* diff = find<DiffView>("conflictDiffView");
    QVERIFY(!diff->isHidden());
    QCOMPARE(diff->toPlainText(), QStringLiteral("~ data.amount: 10 \u2192 12\n+ data.extra: true"));
    QVERIFY(find<QLabel>("copyVerdictLabel")->text().startsWith(QStringLiteral("Conflict:")));
    auto* list = find<QTreeWidget>("copiesTreeWidget");
    QCOMPARE(list->topLevelItem(1)->text(CopiesView::KindColumn), QStringLiteral("conflict: other data"));
    QCOMPARE(
        list->topLevelItem(1)->background(0).color(), EventRowDelegate::tint(m_pane->palette(), true, true, false));

    // A dark palette: the marks are made again from its base, so they stay dark behind light text.
    QPalette dark = m_pane->palette();
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    dark.setColor(QPalette::Text, QColor(230, 230, 230));
    m_pane->setPalette(dark);
    QCOMPARE(banner->palette().color(QPalette::Window), EventRowDelegate::tint(dark, true, true, false));
    QVERIFY(banner->palette().color(QPalette::Window).lightness() < 128);
    QCOMPARE(list->topLevelItem(1)->background(0).color(), EventRowDelegate::tint(dark, true, true, false));

    find<QPushButton>("showConflictButton")->click();
    QCOMPARE(find<QTabWidget>("detailTabWidget")->currentWidget(), find<QWidget>("copiesView"));

    // The first copy is no conflict itself; it says its retries are.
    showStored(ids.at(0));
    QVERIFY(banner->isHidden());
    QVERIFY(diff->isHidden());
    QVERIFY2(
        find<QLabel>("copyVerdictLabel")->text().contains(QStringLiteral("1 of the listed retries carry other data")),
        qPrintable(find<QLabel>("copyVerdictLabel")->text()));
}

void TestDetailPane::sameDataWrittenDifferently()
{
    const QByteArray key = newKey();
    const QList<qint64> ids = storeEvents({webhook("invoices.created", key, R"({"id":5,"amount":1})"),
        webhook("invoices.created", key, R"({"amount":1.0,"id":5})")});
    showStored(ids.at(1));
    QTRY_VERIFY(!find<QWidget>("conflictBanner")->isHidden()); // the history compares bytes: a conflict
    QVERIFY(find<QLabel>("conflictLabel")->text().contains(QStringLiteral("(same data, written differently)")));
    QVERIFY(find<DiffView>("conflictDiffView")
                ->toPlainText()
                .startsWith(QStringLiteral("The same data, written differently")));
}

void TestDetailPane::resourceTabTellsTheStory()
{
    const QByteArray updateKey = newKey();
    const QList<qint64> ids = storeEvents({
        webhook("invoices.created", newKey(), R"({"id":42,"amount":10})"),
        webhook("invoices.updated", updateKey, R"({"id":42,"amount":12})"),
        webhook("invoices.updated", updateKey, R"({"id":42,"amount":12})"),
        webhook("invoices.created", newKey(), R"({"id":43,"amount":1})"), // another resource
        webhook("invoices.deleted", newKey(), R"({"id":42})"),
        webhook("invoices.updated", newKey(), R"({"id":42,"amount":13,"note":"<i>late</i>"})"),
    });
    QCOMPARE(ids.size(), 6);
    showStored(ids.at(1));
    auto* tabs = find<QTabWidget>("detailTabWidget");
    auto* view = find<ResourceHistoryView>("resourceHistoryView");
    QCOMPARE(tabs->tabText(tabs->indexOf(view)), QStringLiteral("Resource (5, 1 warning(s))"));
    const QString summary = find<QLabel>("resourceSummaryLabel")->text();
    QVERIFY2(summary.startsWith(QStringLiteral("5 event(s) on invoices 42, oldest first. 1 warning(s)")),
        qPrintable(summary));

    auto* tree = find<QTreeWidget>("resourceTreeWidget");
    QCOMPARE(tree->topLevelItemCount(), 5);
    const auto row = [tree](int i) { return tree->topLevelItem(i); };
    QCOMPARE(row(0)->text(ResourceHistoryView::EventColumn), QStringLiteral("invoices.created"));
    QCOMPARE(row(0)->text(ResourceHistoryView::IdColumn), QStringLiteral("#%1").arg(ids.at(0)));
    QCOMPARE(row(0)->text(ResourceHistoryView::EnvironmentColumn), QStringLiteral("staging"));
    QCOMPARE(row(0)->text(ResourceHistoryView::TimeColumn), CopiesView::timeText(1'800'000'000'000));
    QCOMPARE(row(0)->childCount(), 0);

    QCOMPARE(row(1)->text(ResourceHistoryView::NoteColumn), QStringLiteral("1 change(s) since #%1").arg(ids.at(0)));
    QCOMPARE(row(1)->childCount(), 1);
    QCOMPARE(row(1)->child(0)->text(0), QStringLiteral("~ data.amount: 10 \u2192 12"));
    QVERIFY(row(1)->isExpanded());
    QVERIFY(row(1)->font(0).bold()); // the event shown
    QCOMPARE(tree->currentItem(), row(1));

    QCOMPARE(
        row(2)->text(ResourceHistoryView::NoteColumn), QStringLiteral("retry of #%1, not a change").arg(ids.at(1)));
    QCOMPARE(row(2)->childCount(), 0);
    QCOMPARE(row(3)->text(ResourceHistoryView::NoteColumn), QStringLiteral("1 change(s) since #%1").arg(ids.at(1)));
    QCOMPARE(row(3)->child(0)->text(0), QStringLiteral("\u2212 data.amount: 12"));

    const QString late = row(4)->text(ResourceHistoryView::NoteColumn);
    QVERIFY2(late.startsWith(QStringLiteral("\u26a0 arrived after the resource was deleted (#%1)").arg(ids.at(4))),
        qPrintable(late));
    QCOMPARE(row(4)->background(0).color(), EventRowDelegate::tint(m_pane->palette(), true, true, false));
    QVERIFY(!row(4)->icon(0).isNull());
    QStringList lateRows;
    for (int i = 0; i < row(4)->childCount(); ++i) {
        lateRows << row(4)->child(i)->text(0);
    }
    QCOMPARE(
        lateRows, (QStringList {QStringLiteral("+ data.amount: 13"), QStringLiteral(R"(+ data.note: "<i>late</i>")")}));
    QVERIFY(row(0)->background(0).style() == Qt::NoBrush);

    // Another event of the same resource: the list stays up, the mark moves at once.
    EventStore store;
    QVERIFY(store.open(m_history->path(), EventStore::OpenMode::MustExist));
    m_pane->setEvent(store.event(ids.at(5)));
    QCOMPARE(tree->topLevelItemCount(), 5);
    QVERIFY(row(4)->font(0).bold());
    QVERIFY(!row(1)->font(0).bold());
}

void TestDetailPane::eventWithoutKeyOrResource()
{
    const QList<qint64> ids = storeEvents({"name=value"});
    showStored(ids.at(0));
    QVERIFY(find<QLabel>("copiesMessageLabel")->text().contains(QStringLiteral("no idempotency key")));
    QVERIFY(find<QLabel>("resourceMessageLabel")->text().contains(QStringLiteral("about no resource")));
    auto* tabs = find<QTabWidget>("detailTabWidget");
    QCOMPARE(tabs->tabText(tabs->indexOf(find<QWidget>("copiesView"))), QStringLiteral("Copies"));
    // Without a history (the pane alone) the tabs say so.
    m_pane->setHistoryPath(QString());
    m_pane->setEvent(eventWithBody(SmallJson));
    QVERIFY(find<QLabel>("copiesMessageLabel")->text().startsWith(QStringLiteral("No history")));
    m_pane->clear();
    QVERIFY(find<QLabel>("copiesMessageLabel")->text().startsWith(QStringLiteral("Select an event")));
}

void TestDetailPane::diffColoursFollowThePalette()
{
    QPalette light;
    light.setColor(QPalette::Base, Qt::white);
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(30, 30, 30));
    for (const DiffView::Tone tone : {DiffView::Tone::Added, DiffView::Tone::Removed, DiffView::Tone::Changed}) {
        QVERIFY(DiffView::color(tone, light).lightness() < 128);
        QVERIFY(DiffView::color(tone, dark).lightness() > 128);
    }
    QVERIFY(DiffView::color(DiffView::Tone::Added, light) != DiffView::color(DiffView::Tone::Removed, light));
    QVERIFY(EventRowDelegate::tint(dark, true, true, false).lightness() < 128); // the banner stays dark on dark

    DiffView view;
    view.setDiff(JsonDiff::bodies(R"({"a":1})", R"({"a":2,"b":"<b>x</b>"})"));
    QCOMPARE(view.toPlainText(), QStringLiteral("~ a: 1 \u2192 2\n+ b: \"<b>x</b>\""));
    const auto firstColour
        = [&view] { return view.document()->firstBlock().begin().fragment().charFormat().foreground().color(); };
    view.setPalette(light);
    QCOMPARE(firstColour(), DiffView::color(DiffView::Tone::Changed, light));
    view.setPalette(dark);
    QCOMPARE(firstColour(), DiffView::color(DiffView::Tone::Changed, dark));
}

void TestDetailPane::openWindow()
{
    m_pane.reset();
    m_history = std::make_unique<TempHistory>();
    {
        EventStore store;
        QVERIFY2(store.open(m_history->path()), qPrintable(store.errorString()));
    }
    ServerConfig config;
    config.port = 0;
    m_server = std::make_unique<CaptureServer>(config);
    m_model = std::make_unique<EventTableModel>();
    QVERIFY2(m_model->open(m_history->path()), qPrintable(m_model->errorString()));
    m_server->start(m_history->path());
    QVERIFY(m_server->isRunning());
    m_window = std::make_unique<MainWindow>(m_server.get(), m_model.get());
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

qint64 TestDetailPane::post(const QByteArray& body)
{
    RawHttpClient client;
    if (!client.connectTo(m_server->port())) {
        return -1;
    }
    client.send(RawHttpClient::post(body));
    const RawHttpClient::Response r = client.readResponse();
    return r.status == 200 ? QJsonDocument::fromJson(r.body).object().value(QStringLiteral("id")).toInteger() : -1;
}

qint64 TestDetailPane::currentRowId() const
{
    const QModelIndex current = m_window->table()->selectionModel()->currentIndex();
    return current.isValid() ? m_model->eventId(current.row()) : 0;
}

void TestDetailPane::jumpingSelectsTheOtherCopysRow()
{
    openWindow();
    const QByteArray body = webhook("invoices.created", newKey(), R"({"id":9})");
    const qint64 first = post(body);
    const qint64 other = post(webhook("invoices.created", newKey(), R"({"id":10})"));
    const qint64 second = post(body);
    const qint64 third = post(body);
    QVERIFY(first > 0 && other > 0 && second > 0 && third > 0);
    QTRY_COMPARE(m_model->rowCount(), 4);

    DetailPane* pane = m_window->detailPane();
    auto* view = pane->findChild<CopiesView*>(QStringLiteral("copiesView"));
    m_window->table()->selectRow(m_model->rowOf(second));
    QTRY_COMPARE(view->copies().eventId, second);
    QCOMPARE(view->copies().ids, (QList<qint64> {first, second, third}));

    pane->findChild<QAction*>(QStringLiteral("nextCopyAction"))->trigger();
    QCOMPARE(currentRowId(), third);
    QCOMPARE(pane->eventId(), third);
    QVERIFY(m_window->table()->selectionModel()->isRowSelected(m_model->rowOf(third), QModelIndex()));
    QCOMPARE(m_window->table()->selectionModel()->selectedRows().size(), 1);
    // The list stays, the mark has moved; the next copy is at the end.
    QCOMPARE(pane->findChild<QLabel*>(QStringLiteral("copyPositionLabel"))->text(), QStringLiteral("Copy 3 of 3"));
    QVERIFY(!pane->findChild<QAction*>(QStringLiteral("nextCopyAction"))->isEnabled());

    QTRY_COMPARE(view->copies().eventId, third);
    pane->findChild<QAction*>(QStringLiteral("firstCopyAction"))->trigger();
    QCOMPARE(currentRowId(), first);
    QTRY_COMPARE(view->copies().eventId, first);

    // The shortcuts work with the focus in the table (the Copies tab need not be open).
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    m_window->table()->setFocus();
    QTest::keyClick(m_window->table(), Qt::Key_Down, Qt::AltModifier);
    QCOMPARE(currentRowId(), second);
    QTest::keyClick(m_window->table(), Qt::Key_Up, Qt::AltModifier);
    QCOMPARE(currentRowId(), first);
    QVERIFY(pane->findChild<QWidget*>(QStringLiteral("filteredOutBanner"))->isHidden());
}

void TestDetailPane::jumpToAnEventTheFilterHides()
{
    openWindow();
    const QByteArray body = webhook("invoices.created", newKey(), R"({"id":9})");
    const qint64 first = post(body);
    const qint64 retry = post(body);
    QVERIFY(first > 0 && retry > 0);
    QTRY_COMPARE(m_model->rowCount(), 2);
    EventFilter duplicates;
    duplicates.duplicatesOnly = true;
    m_window->filterBar()->setFilter(duplicates);
    QTRY_VERIFY(m_model->rowCount() == 1 && !m_model->isListing());
    m_window->table()->selectRow(0);
    DetailPane* pane = m_window->detailPane();
    auto* view = pane->findChild<CopiesView*>(QStringLiteral("copiesView"));
    QTRY_COMPARE(view->copies().eventId, retry);

    // "Duplicates only" hides every first copy: the jump shows it without a row, and says so.
    pane->findChild<QAction*>(QStringLiteral("previousCopyAction"))->trigger();
    QCOMPARE(pane->eventId(), first);
    QCOMPARE(currentRowId(), 0);
    QVERIFY(m_window->table()->selectionModel()->selectedRows().isEmpty());
    QVERIFY(m_model->filter().duplicatesOnly); // the user's filter is kept
    auto* banner = pane->findChild<QWidget*>(QStringLiteral("filteredOutBanner"));
    QVERIFY(!banner->isHidden());
    QCOMPARE(pane->findChild<QLabel*>(QStringLiteral("filteredOutLabel"))->text(),
        QStringLiteral("#%1 has no row in the table: the filter hides it.").arg(first));
    QVERIFY(
        pane->findChild<QLabel*>(QStringLiteral("summaryLabel"))->text().startsWith(QStringLiteral("#%1 ").arg(first)));
    QTRY_COMPARE(view->copies().eventId, first);
    // Its copies still navigate: back to the retry, which has a row.
    pane->findChild<QAction*>(QStringLiteral("nextCopyAction"))->trigger();
    QCOMPARE(currentRowId(), retry);
    QVERIFY(banner->isHidden());

    pane->findChild<QAction*>(QStringLiteral("firstCopyAction"))->trigger();
    QVERIFY(!banner->isHidden());
    pane->findChild<QPushButton*>(QStringLiteral("showAllEventsButton"))->click();
    QTRY_COMPARE(currentRowId(), first);
    QVERIFY(!m_model->filter().duplicatesOnly);
    QCOMPARE(m_model->rowCount(), 2);
    QVERIFY(banner->isHidden());
}

void TestDetailPane::resourceStepsJumpToo()
{
    openWindow();
    const qint64 created = post(webhook("invoices.created", newKey(), R"({"id":77,"amount":1})"));
    const qint64 updated = post(webhook("invoices.updated", newKey(), R"({"id":77,"amount":2})"));
    QVERIFY(created > 0 && updated > 0);
    QTRY_COMPARE(m_model->rowCount(), 2);
    m_window->table()->selectRow(m_model->rowOf(updated));
    auto* tree = m_window->findChild<QTreeWidget*>(QStringLiteral("resourceTreeWidget"));
    QTRY_COMPARE(tree->topLevelItemCount(), 2);
    emit tree->itemActivated(tree->topLevelItem(0), 0);
    QCOMPARE(currentRowId(), created);
    emit tree->itemActivated(
        tree->topLevelItem(1)->child(0) ? tree->topLevelItem(1)->child(0) : tree->topLevelItem(1), 0);
    QCOMPARE(currentRowId(), updated);
}

QTEST_MAIN(TestDetailPane)
#include "TestDetailPane.moc"
