#pragma once

#include "OutgoingRequest.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableWidget;
class QTimer;

/// "Edit before sending" for one event: its method, header fields (a table) and body. The body is
/// checked as JSON while it is typed, with the place of the first error; a body that is not JSON
/// can still be sent as it is (the resend dialog asks first).
class RequestEditor : public QWidget
{
    Q_OBJECT

public:
    explicit RequestEditor(QWidget* parent = nullptr);

    /// Fills the fields from @p request (its URL is the target's, chosen elsewhere).
    void setRequest(const OutgoingRequest& request);
    /// False when the body is not UTF-8 text (binary): such a body is sent as it was, unedited.
    bool canEditBody() const { return m_textBody; }
    /// The edited method, header fields and body into @p request; false with @p error when a field
    /// can't go on the wire (a method or header name that is not a token, CR/LF/NUL in a value).
    bool read(OutgoingRequest* request, QString* error) const;
    /// Why the body is not JSON ("... at line 3, column 5"); empty when it is, or is empty.
    QString jsonProblem() const;

    /// @p body's JSON error with its line and column; empty when it parses.
    static QString jsonProblem(const QByteArray& body);
    /// RFC 9110 5.6.2: methods and header names are tokens.
    static bool isToken(const QByteArray& text);

private:
    void addHeader();
    void removeHeader();
    void checkBody();

    QLineEdit* m_method;
    QTableWidget* m_headers;
    QPlainTextEdit* m_body;
    QLabel* m_bodyStatus;
    QTimer* m_check;
    QByteArray m_originalBody; ///< sent as it is when it is not text
    bool m_textBody = true;
};
