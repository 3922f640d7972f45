/// What the vocabularies make of a call's words as it is staged.
public struct CodedCall: Sendable, Equatable {
    public var resultCode: String
    public var dialledNumber: String?
    public var themes: String?
    public var hasComplaintTheme: Bool
    public var praisedStaff: String?
    public var isComplaintFlagged: Bool
}

/// Codes the words of each call with the vocabularies in force (defaults plus configuration):
/// result code, the dialled number in canonical form, comment themes, praised staff and the
/// complaint flag. Satisfaction is coded beside it, per sheet and column (`SatisfactionCoding`),
/// because whether `5` is on a 5- or a 10-point scale depends on the whole column.
public struct CallCoder {
    let results: CallResultClassifier
    let themes: ThemeCoder
    let complaintFlag: ComplaintFlagVocabulary
    let phones: PhoneCleaner

    public init(configuration: Configuration) throws {
        let vocabulary = Vocabulary.default.merged(with: configuration.vocabulary)
        results = CallResultClassifier(vocabulary: vocabulary.callResults)
        complaintFlag = vocabulary.complaintFlag
        themes = ThemeCoder(dictionary: try ThemeDictionary.loadDefault().merged(with: configuration.themes))
        phones = PhoneCleaner(rules: configuration.phoneRules)
    }

    public func code(_ call: CallRecord) -> CodedCall {
        let coding = call.comment.map(themes.code)
        return CodedCall(
            resultCode: results.classify(call.resultText)?.code.rawValue ?? CallResultCode.unclassified.rawValue,
            dialledNumber: call.phoneRaw.flatMap { phones.parse($0).valid.first?.canonical },
            themes: coding.flatMap { $0.themes.isEmpty ? nil : $0.themes.joined(separator: ";") },
            hasComplaintTheme: coding?.isComplaint ?? false,
            praisedStaff: coding.flatMap { c in
                let staff = c.praisedStaff.isEmpty ? c.praisedRoles : c.praisedStaff
                return staff.isEmpty ? nil : staff.joined(separator: "、")
            },
            isComplaintFlagged: call.complaintText.flatMap(complaintFlag.parse) ?? false)
    }
}
