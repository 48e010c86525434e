#pragma once

#include <QWidget>

struct StoredEvent;
class JsonHighlighter;
class JsonTreeModel;
class QAction;
class QJsonDocument;
class QLabel;
class QPlainTextEdit;
class QStackedWidget;
class QTableWidget;
class QTabWidget;
class QTextDocument;
class QTreeView;

/// The selected event: a one-line summary and tabs for the body (coloured JSON), its JSON tree, headers,
/// raw request and problems. Every view is plain text: payloads are untrusted and never interpreted as markup.
class DetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit DetailPane(QWidget* parent = nullptr);

    void setEvent(const StoredEvent& event);
    void clear();

    /// Bodies larger than this are formatted and parsed off the GUI thread, so the window never stalls;
    /// bodyText() shows them as they are.
    static constexpr qsizetype FormatLimit = 2 * 1024 * 1024;
    /// Formatted text longer than this (in characters) is not coloured: colouring runs on the GUI thread.
    static constexpr qsizetype HighlightLimit = 1024 * 1024;
    /// The body text the Body tab shows: indented JSON when it parses, else the text or a notice.
    static QString bodyText(const QByteArray& body);

    /// "6.2 MB": how the notices speak of a body's size.
    static QString sizeText(qsizetype bytes);

protected:
    void changeEvent(QEvent* event) override;

private:
    /// Shows @p text, or @p document when given (made off the GUI thread, already holding the text).
    void showBody(
        const QString& text, const QJsonDocument& json, qsizetype bodySize, QTextDocument* document = nullptr);
    void showTreeMessage(const QString& message);
    void copyCurrent(int role);

    QLabel* m_summary;
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
    /// Counts setEvent() and clear() calls: a background result for an older count is dropped.
    quint64 m_generation = 0;
};
