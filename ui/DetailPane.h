#pragma once

#include <QWidget>

struct StoredEvent;
class CopiesView;
class DeliveriesView;
class JsonHighlighter;
class JsonTreeModel;
class QAction;
class QJsonDocument;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QTabWidget;
class QTextDocument;
class QTreeView;
class RelatedEventsLoader;
class ResourceHistoryView;
class KeyCopies;
class ResourceHistory;

/// The selected event: a one-line summary and tabs for the body (coloured JSON), its JSON tree, headers,
/// raw request, problems, the copies of its key and its resource's history. Every view is plain text:
/// payloads are untrusted and never interpreted as markup.
class DetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit DetailPane(QWidget* parent = nullptr);

    void setEvent(const StoredEvent& event);
    void clear();
    /// The history the Copies and Resource tabs read (in the background); without one they say so.
    void setHistoryPath(const QString& path);
    /// Says that the event shown has no row in the table because the filter hides it, with a way
    /// to show every event (showAllRequested()); until the next setEvent() or clear().
    void setFilteredOut(bool filteredOut);
    qint64 eventId() const { return m_eventId; }
    /// The Deliveries tab: every attempt to resend or forward the event, and the target's answers.
    DeliveriesView* deliveriesView() const { return m_deliveries; }

    /// Bodies larger than this are formatted and parsed off the GUI thread, so the window never stalls;
    /// bodyText() shows them as they are.
    static constexpr qsizetype FormatLimit = 2 * 1024 * 1024;
    /// Formatted text longer than this (in characters) is not coloured: colouring runs on the GUI thread.
    static constexpr qsizetype HighlightLimit = 1024 * 1024;
    /// The body text the Body tab shows: indented JSON when it parses, else the text or a notice.
    static QString bodyText(const QByteArray& body);

    /// "6.2 MB": how the notices speak of a body's size.
    static QString sizeText(qsizetype bytes);

signals:
    /// The user asked to see event @p id (another copy, another step of the resource).
    void jumpRequested(qint64 id);
    /// The user asked for every event to be shown, so that the one shown gets its row.
    void showAllRequested();

protected:
    void changeEvent(QEvent* event) override;

private:
    /// Shows @p text, or @p document when given (made off the GUI thread, already holding the text).
    void showBody(
        const QString& text, const QJsonDocument& json, qsizetype bodySize, QTextDocument* document = nullptr);
    void showTreeMessage(const QString& message);
    void copyCurrent(int role);
    /// A tinted strip with @p label and a button, as the conflict and filter notices are.
    QWidget* banner(const QString& objectName, QLabel* label, QPushButton* button);
    void tintBanners();
    void buildRelated();
    void showRelated(const StoredEvent& event);
    void showCopies(const KeyCopies& copies);
    void showResource(qint64 id, const ResourceHistory& history);

    QLabel* m_summary;
    QLabel* m_conflictText = nullptr;
    QWidget* m_conflictBanner = nullptr; ///< "Conflict: ...", in the conflict tint, above the tabs
    QLabel* m_filteredText = nullptr;
    QWidget* m_filteredBanner = nullptr; ///< "the filter hides this event"
    QTabWidget* m_tabs;
    QWidget* m_bodyPage;
    QLabel* m_bodyNotice;
    QPlainTextEdit* m_body;
    JsonHighlighter* m_highlighter;
    QStackedWidget* m_treeStack;
    QLabel* m_treeMessage;
    QTreeView* m_tree;
    JsonTreeModel* m_treeModel;
    QAction* m_copyValueAction;
    QAction* m_copyPathAction;
    QTableWidget* m_headers;
    QPlainTextEdit* m_raw;
    QPlainTextEdit* m_problems;
    CopiesView* m_copies;
    ResourceHistoryView* m_resource;
    RelatedEventsLoader* m_loader;
    DeliveriesView* m_deliveries = nullptr;
    qint64 m_eventId = 0;
    /// Counts setEvent() and clear() calls: a background result for an older count is dropped.
    quint64 m_generation = 0;
};
