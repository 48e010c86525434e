#include "DetailPane.h"

#include "CopiesView.h"
#include "DeliveriesView.h"
#include "DiffView.h"
#include "EventRowDelegate.h"
#include "JsonHighlighter.h"
#include "JsonTreeModel.h"
#include "KeyCopies.h"
#include "NdjsonRecord.h"
#include "RelatedEventsLoader.h"
#include "ResourceHistory.h"
#include "ResourceHistoryView.h"
#include "StoredEvent.h"

#include <QAction>
#include <QClipboard>
#include <QCoreApplication>
#include <QEvent>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QPlainTextDocumentLayout>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextDocument>
#include <QThreadPool>
#include <QTreeView>
#include <QVBoxLayout>

namespace {

/// Bodies over this are not parsed at all, not even in the background: the parsed copy and the indented
/// text would cost several times the body in memory.
constexpr qsizetype ParseLimit = 64 * 1024 * 1024;
/// Tops with at most this many rows open expanded one level; a huge top-level array stays folded.
constexpr int ExpandRowLimit = 50;

QPlainTextEdit* readOnlyText(const QString& objectName, QWidget* parent)
{
    auto* edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono = edit->font();
    mono.setFamily(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    edit->setFont(mono);
    return edit;
}

QLabel* plainLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

/// What the Body and Tree tabs show for one body. Safe to make on any thread (no widgets, no GUI types).
struct FormattedBody
{
    QString text;
    QTextDocument* document = nullptr; ///< when made off the GUI thread: @c text, laid out for QPlainTextEdit
    QJsonDocument json; ///< null when the body is not JSON or was too large to parse
    bool parsed = false; ///< whether parsing was tried
};

FormattedBody formatBody(const QByteArray& body, qsizetype parseLimit)
{
    FormattedBody formatted;
    if (body.isEmpty()) {
        formatted.text = DetailPane::tr("(empty body)");
        return formatted;
    }
    if (body.size() <= parseLimit) {
        formatted.parsed = true;
        formatted.json = QJsonDocument::fromJson(body);
        if (!formatted.json.isNull()) {
            formatted.text = QString::fromUtf8(formatted.json.toJson(QJsonDocument::Indented));
            return formatted;
        }
    }
    formatted.text = NdjsonRecord::utf8OrNull(body);
    if (formatted.text.isNull()) {
        formatted.text
            = DetailPane::tr("(%n bytes that are not UTF-8 text; base64:)\n", nullptr, static_cast<int>(body.size()))
            + QString::fromLatin1(body.left(DetailPane::FormatLimit).toBase64());
    }
    return formatted;
}

} // namespace

DetailPane::DetailPane(QWidget* parent)
    : QWidget(parent)
    , m_summary(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_bodyPage(new QWidget(this))
    , m_bodyNotice(plainLabel(QStringLiteral("bodyNoticeLabel"), m_bodyPage))
    , m_body(readOnlyText(QStringLiteral("bodyTextEdit"), m_bodyPage))
    , m_highlighter(new JsonHighlighter(nullptr, palette()))
    , m_treeStack(new QStackedWidget(this))
    , m_treeMessage(plainLabel(QStringLiteral("jsonTreeMessageLabel"), m_treeStack))
    , m_tree(new QTreeView(m_treeStack))
    , m_treeModel(new JsonTreeModel(this))
    , m_copyValueAction(new QAction(tr("Copy value"), this))
    , m_copyPathAction(new QAction(tr("Copy path"), this))
    , m_headers(new QTableWidget(0, 2, this))
    , m_raw(readOnlyText(QStringLiteral("rawTextEdit"), this))
    , m_problems(readOnlyText(QStringLiteral("problemsTextEdit"), this))
    , m_copies(new CopiesView(this))
    , m_resource(new ResourceHistoryView(this))
    , m_loader(new RelatedEventsLoader(this))
{
    m_highlighter->setParent(this);
    m_highlighter->setObjectName(QStringLiteral("jsonHighlighter"));
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tabs->setObjectName(QStringLiteral("detailTabWidget"));

    m_bodyPage->setObjectName(QStringLiteral("bodyPageWidget"));
    m_bodyNotice->hide();
    auto* bodyLayout = new QVBoxLayout(m_bodyPage);
    bodyLayout->setContentsMargins(0, 0, 0, 0);
    bodyLayout->addWidget(m_bodyNotice);
    bodyLayout->addWidget(m_body, 1);

    m_treeStack->setObjectName(QStringLiteral("jsonTreeStackedWidget"));
    m_treeMessage->setAlignment(Qt::AlignCenter);
    m_tree->setObjectName(QStringLiteral("jsonTreeView"));
    m_tree->setModel(m_treeModel);
    m_tree->setUniformRowHeights(true);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_copyValueAction->setObjectName(QStringLiteral("copyValueAction"));
    m_copyValueAction->setShortcut(QKeySequence::Copy);
    m_copyValueAction->setShortcutContext(Qt::WidgetShortcut);
    m_copyPathAction->setObjectName(QStringLiteral("copyPathAction"));
    m_copyPathAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyPathAction->setShortcutContext(Qt::WidgetShortcut);
    m_tree->addAction(m_copyValueAction);
    m_tree->addAction(m_copyPathAction);
    connect(m_copyValueAction, &QAction::triggered, this, [this] { copyCurrent(JsonTreeModel::CopyTextRole); });
    connect(m_copyPathAction, &QAction::triggered, this, [this] { copyCurrent(JsonTreeModel::PathRole); });
    m_treeStack->addWidget(m_treeMessage);
    m_treeStack->addWidget(m_tree);

    m_headers->setObjectName(QStringLiteral("headersTableWidget"));
    m_headers->setHorizontalHeaderLabels({tr("Name"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->verticalHeader()->hide();
    m_headers->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tabs->addTab(m_bodyPage, tr("Body"));
    m_tabs->addTab(m_treeStack, tr("Tree", "JSON tree tab"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_tabs->addTab(m_raw, tr("Raw request"));
    m_tabs->addTab(m_problems, tr("Problems"));
    buildRelated();
    m_deliveries = new DeliveriesView(this);
    m_deliveries->setObjectName(QStringLiteral("deliveriesView"));
    m_tabs->addTab(m_deliveries, tr("Deliveries", "attempts to resend the event"));
    connect(m_deliveries, &DeliveriesView::countChanged, this, [this](int count) {
        m_tabs->setTabText(m_tabs->indexOf(m_deliveries),
            count > 0 ? tr("Deliveries (%1)").arg(count) : tr("Deliveries", "attempts to resend the event"));
    });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_conflictBanner);
    layout->addWidget(m_filteredBanner);
    layout->addWidget(m_tabs, 1);
    clear();
}

void DetailPane::buildRelated()
{
    m_loader->setObjectName(QStringLiteral("relatedEventsLoader"));
    m_copies->setObjectName(QStringLiteral("copiesView"));
    m_resource->setObjectName(QStringLiteral("resourceHistoryView"));
    m_tabs->addTab(m_copies, tr("Copies", "events that share the key"));
    m_tabs->addTab(m_resource, tr("Resource", "the history of the event's resource"));
    // Moving between copies works from anywhere in the window, not only from the Copies tab.
    addActions(m_copies->navigationActions());
    connect(m_copies, &CopiesView::jumpRequested, this, &DetailPane::jumpRequested);
    connect(m_resource, &ResourceHistoryView::jumpRequested, this, &DetailPane::jumpRequested);
    connect(m_loader, &RelatedEventsLoader::copiesLoaded, this, &DetailPane::showCopies);
    connect(m_loader, &RelatedEventsLoader::resourceLoaded, this, &DetailPane::showResource);
    connect(m_loader, &RelatedEventsLoader::failed, this, [this](const QString& error) {
        const QString message = tr("The history could not be read: %1").arg(error);
        m_copies->showMessage(message);
        m_resource->showMessage(message);
    });

    auto* showDiff = new QPushButton(tr("Show the difference"), this);
    showDiff->setObjectName(QStringLiteral("showConflictButton"));
    connect(showDiff, &QPushButton::clicked, this, [this] { m_tabs->setCurrentWidget(m_copies); });
    m_conflictText = plainLabel(QStringLiteral("conflictLabel"), this);
    m_conflictBanner = banner(QStringLiteral("conflictBanner"), m_conflictText, showDiff);
    auto* showAll = new QPushButton(tr("Show all events"), this);
    showAll->setObjectName(QStringLiteral("showAllEventsButton"));
    connect(showAll, &QPushButton::clicked, this, &DetailPane::showAllRequested);
    m_filteredText = plainLabel(QStringLiteral("filteredOutLabel"), this);
    m_filteredBanner = banner(QStringLiteral("filteredOutBanner"), m_filteredText, showAll);
    tintBanners();
}

QWidget* DetailPane::banner(const QString& objectName, QLabel* label, QPushButton* button)
{
    auto* strip = new QWidget(this);
    strip->setObjectName(objectName);
    strip->setAutoFillBackground(true);
    auto* layout = new QHBoxLayout(strip);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->addWidget(label, 1);
    layout->addWidget(button);
    strip->hide();
    return strip;
}

void DetailPane::tintBanners()
{
    // The table's tints: the conflict's (a sender bug) and the retry's (a notice), blended with the base.
    const std::pair<QWidget*, QColor> tints[] = {
        {m_conflictBanner, EventRowDelegate::tint(palette(), true, true, false)},
        {m_filteredBanner, EventRowDelegate::tint(palette(), true, false, false)},
    };
    for (const auto& [strip, tint] : tints) {
        QPalette stripPalette = palette();
        stripPalette.setColor(QPalette::Window, tint);
        strip->setPalette(stripPalette);
    }
}

void DetailPane::setHistoryPath(const QString& path)
{
    m_loader->setHistoryPath(path);
    m_deliveries->setHistoryPath(path);
}

void DetailPane::setFilteredOut(bool filteredOut)
{
    m_filteredText->setText(tr("#%1 has no row in the table: the filter hides it.").arg(m_eventId));
    m_filteredBanner->setVisible(filteredOut && m_eventId > 0);
}

void DetailPane::showRelated(const StoredEvent& e)
{
    m_conflictBanner->hide();
    const bool keyed = !e.idempotencyKey.isEmpty();
    const bool onResource = !e.resourceId.isNull();
    if (m_loader->historyPath().isEmpty() || e.id <= 0) {
        m_loader->cancel();
        m_copies->showMessage(tr("No history to read the copies from."));
        m_resource->showMessage(tr("No history to read the resource's events from."));
        m_tabs->setTabText(m_tabs->indexOf(m_copies), tr("Copies", "events that share the key"));
        m_tabs->setTabText(m_tabs->indexOf(m_resource), tr("Resource", "the history of the event's resource"));
        return;
    }
    if (keyed) {
        m_copies->showLoading(e.id);
    } else {
        KeyCopies none;
        none.eventId = e.id;
        m_copies->setCopies(none);
    }
    if (onResource) {
        m_resource->showLoading(e.id);
    } else {
        m_resource->setHistory(ResourceHistory(), e.id);
    }
    if (keyed || onResource) {
        m_loader->request(e.id);
    } else {
        m_loader->cancel();
    }
    // A list kept up (another copy of the same key, another event of the same resource) keeps its count.
    if (!m_copies->copies().repeats()) {
        m_tabs->setTabText(m_tabs->indexOf(m_copies), tr("Copies", "events that share the key"));
    }
    if (m_resource->history().entries.isEmpty()) {
        m_tabs->setTabText(m_tabs->indexOf(m_resource), tr("Resource", "the history of the event's resource"));
    }
}

void DetailPane::showCopies(const KeyCopies& copies)
{
    if (copies.eventId != m_eventId) {
        return;
    }
    m_copies->setCopies(copies);
    if (copies.repeats()) {
        m_tabs->setTabText(m_tabs->indexOf(m_copies), tr("Copies (%1)").arg(copies.ids.size()));
    }
    if (copies.conflict) {
        m_conflictText->setText(tr("Conflict: this event reuses the key of #%1 with other data (%2). A sender "
                                   "that does this has a bug.")
                                    .arg(QString::number(copies.ids.first()), DiffView::summary(copies.diff)));
    }
    m_conflictBanner->setVisible(copies.conflict);
}

void DetailPane::showResource(qint64 id, const ResourceHistory& history)
{
    if (id != m_eventId) {
        return;
    }
    m_resource->setHistory(history, id);
    if (!history.entries.isEmpty()) {
        const int warnings = ResourceHistoryView::warningCount(history);
        m_tabs->setTabText(m_tabs->indexOf(m_resource),
            warnings == 0 ? tr("Resource (%1)").arg(history.total)
                          : tr("Resource (%1, %n warning(s))", nullptr, warnings).arg(history.total));
    }
}

QString DetailPane::bodyText(const QByteArray& body)
{
    return formatBody(body, FormatLimit).text;
}

QString DetailPane::sizeText(qsizetype bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

void DetailPane::setEvent(const StoredEvent& e)
{
    const quint64 generation = ++m_generation;
    m_eventId = e.id;
    m_filteredBanner->hide();
    showRelated(e);
    m_deliveries->setEvent(e.id);
    QStringList summary {tr("#%1").arg(e.id), QString::fromLatin1(e.method), NdjsonRecord::bytesAsText(e.target)};
    if (!e.event.isEmpty()) {
        summary << e.event;
    }
    if (!e.environment.isEmpty()) {
        summary << e.environment;
    }
    if (e.duplicateOf > 0) {
        summary << tr("duplicate of #%1").arg(e.duplicateOf);
    }
    m_summary->setText(summary.join(QStringLiteral(" · ")));
    if (e.body.size() <= FormatLimit) {
        const FormattedBody formatted = formatBody(e.body, FormatLimit);
        showBody(formatted.text, formatted.json, e.body.size());
    } else {
        // Parsing and indenting megabytes takes long enough to freeze the window: do it on the pool and
        // come back queued, dropping the result if another event (or none) is shown by then.
        const QString notice = tr("Formatting %1…").arg(sizeText(e.body.size()));
        m_highlighter->setDocument(nullptr);
        m_body->setPlainText(notice);
        m_bodyNotice->setText(notice);
        m_bodyNotice->show();
        m_treeModel->clear();
        showTreeMessage(notice);
        QPointer<DetailPane> self(this);
        QThreadPool::globalInstance()->start([self, generation, body = e.body, font = m_body->font()]() {
            FormattedBody formatted = formatBody(body, ParseLimit);
            // Filling a document with megabytes of text also takes long (about 0.4 s for 9 M characters):
            // fill it here too, then hand it to the GUI thread, which only swaps it in.
            formatted.document = new QTextDocument;
            formatted.document->setDocumentLayout(new QPlainTextDocumentLayout(formatted.document));
            formatted.document->setUndoRedoEnabled(false);
            formatted.document->setDefaultFont(font);
            formatted.document->setPlainText(formatted.text);
            formatted.document->moveToThread(QCoreApplication::instance()->thread());
            const qsizetype size = body.size();
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, generation, formatted, size]() {
                    if (!self || self->m_generation != generation) {
                        delete formatted.document;
                        return;
                    }
                    self->showBody(formatted.text, formatted.json, size, formatted.document);
                    if (!formatted.parsed) {
                        self->showTreeMessage(tr("No tree: bodies over %1 are not parsed.").arg(sizeText(ParseLimit)));
                    }
                },
                Qt::QueuedConnection);
        });
    }
    m_headers->setRowCount(static_cast<int>(e.headers.size()));
    QString raw = QString::fromLatin1(e.method) + QLatin1Char(' ') + NdjsonRecord::bytesAsText(e.target)
        + QLatin1Char(' ') + QString::fromLatin1(e.httpVersion) + QLatin1Char('\n');
    for (int row = 0; row < e.headers.size(); ++row) {
        const QString name = NdjsonRecord::bytesAsText(e.headers.at(row).name);
        const QString value = NdjsonRecord::bytesAsText(e.headers.at(row).value);
        m_headers->setItem(row, 0, new QTableWidgetItem(name));
        m_headers->setItem(row, 1, new QTableWidgetItem(value));
        raw += name + QStringLiteral(": ") + value + QLatin1Char('\n');
    }
    const QString bodyAsText = NdjsonRecord::utf8OrNull(e.body.left(FormatLimit));
    raw += QLatin1Char('\n')
        + (bodyAsText.isNull() ? tr("(binary body, %n bytes)", nullptr, static_cast<int>(e.body.size())) : bodyAsText);
    m_raw->setPlainText(raw);
    m_problems->setPlainText(
        e.problems.isEmpty() ? tr("No problems: a well-formed provider webhook.") : e.problems.join(QLatin1Char('\n')));
    m_tabs->setTabText(m_tabs->indexOf(m_problems),
        e.problems.isEmpty() ? tr("Problems") : tr("Problems (%1)").arg(e.problems.size()));
}

void DetailPane::showBody(const QString& text, const QJsonDocument& json, qsizetype bodySize, QTextDocument* document)
{
    // Colouring runs over the whole document on the GUI thread: detach first, attach after, and only
    // for JSON text short enough to colour quickly.
    m_highlighter->setDocument(nullptr);
    if (document) {
        // The editor deletes the document it made itself; one of ours (from an earlier large body) is ours to delete.
        const QPointer<QTextDocument> previous = m_body->document();
        document->setParent(m_body);
        m_body->setDocument(document);
        if (previous && previous->parent() == m_body) {
            delete previous;
        }
    } else {
        m_body->setPlainText(text);
    }
    const bool colour = !json.isNull() && text.size() <= HighlightLimit;
    if (colour) {
        m_highlighter->setDocument(m_body->document());
    }
    QStringList notes;
    if (bodySize > FormatLimit) {
        notes << (json.isNull() ? tr("%1 body.") : tr("%1 body, formatted in the background.")).arg(sizeText(bodySize));
    }
    if (!json.isNull() && !colour) {
        notes << tr("Syntax colouring is off for bodies this large.");
    }
    m_bodyNotice->setText(notes.join(QLatin1Char(' ')));
    m_bodyNotice->setVisible(!notes.isEmpty());

    m_treeModel->setDocument(json);
    if (json.isNull()) {
        showTreeMessage(bodySize == 0 ? tr("No tree: the body is empty.") : tr("No tree: the body is not JSON."));
        return;
    }
    m_treeStack->setCurrentWidget(m_tree);
    if (m_treeModel->rowCount() <= ExpandRowLimit) {
        m_tree->expandToDepth(0);
    }
    m_tree->resizeColumnToContents(JsonTreeModel::Key);
}

void DetailPane::showTreeMessage(const QString& message)
{
    m_treeMessage->setText(message);
    m_treeStack->setCurrentWidget(m_treeMessage);
}

void DetailPane::copyCurrent(int role)
{
    const QModelIndex current = m_tree->currentIndex();
    if (current.isValid()) {
        QGuiApplication::clipboard()->setText(current.data(role).toString());
    }
}

void DetailPane::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange) {
        m_highlighter->setPalette(palette());
        tintBanners();
    }
    QWidget::changeEvent(event);
}

void DetailPane::clear()
{
    ++m_generation;
    m_summary->setText(tr("Select an event to see it here."));
    m_highlighter->setDocument(nullptr);
    m_body->clear();
    m_bodyNotice->hide();
    m_treeModel->clear();
    showTreeMessage(tr("Select an event to see its JSON tree."));
    m_headers->setRowCount(0);
    m_raw->clear();
    m_problems->clear();
    m_tabs->setTabText(m_tabs->indexOf(m_problems), tr("Problems"));
    m_eventId = 0;
    m_deliveries->clear();
    m_loader->cancel();
    m_conflictBanner->hide();
    m_filteredBanner->hide();
    m_copies->showMessage(tr("Select an event to see the other events that carry its key."));
    m_resource->showMessage(tr("Select an event to see the history of the resource it is about."));
    m_tabs->setTabText(m_tabs->indexOf(m_copies), tr("Copies", "events that share the key"));
    m_tabs->setTabText(m_tabs->indexOf(m_resource), tr("Resource", "the history of the event's resource"));
}
