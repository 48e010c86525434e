#pragma once

#include <QWidget>

struct StoredEvent;
class QLabel;
class QPlainTextEdit;
class QTableWidget;
class QTabWidget;

/// The selected event: a one-line summary and tabs for the body, headers, raw request and problems.
/// Every view is plain text: payloads are untrusted and never interpreted as markup.
class DetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit DetailPane(QWidget* parent = nullptr);

    void setEvent(const StoredEvent& event);
    void clear();

    /// Bodies larger than this are shown as they are, not reformatted, so the window never stalls.
    static constexpr qsizetype FormatLimit = 2 * 1024 * 1024;
    /// The body text the Body tab shows: indented JSON when it parses, else the text or a notice.
    static QString bodyText(const QByteArray& body);

private:
    QLabel* m_summary;
    QTabWidget* m_tabs;
    QPlainTextEdit* m_body;
    QTableWidget* m_headers;
    QPlainTextEdit* m_raw;
    QPlainTextEdit* m_problems;
};
