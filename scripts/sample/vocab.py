"""Word lists of the fictional hospital: names, departments, diagnoses, typed results, comments.

Everything here is invented. Names are drawn from common surname / given-name characters; the
hospital, wards and doctors do not exist. Words typed by agents follow SPEC.md §2.2.
"""

HOSPITAL = "滨江市第一人民医院"

SURNAMES = list(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔汤")
GIVEN_1 = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华红梅玲兰英辉鹏飞斌宇浩凯琳颖倩婷雪慧建国志")
GIVEN_2 = ["秀英", "秀兰", "桂英", "建华", "建国", "志强", "淑珍", "玉兰", "海燕", "丽华", "小红", "国强", "文博",
           "子涵", "梓萱", "浩然", "一诺", "欣怡", "俊杰", "雨萱", "家豪", "美玲", "德明", "春梅", "金凤", "永红"]

# Department: monthly weight, wards, doctors, agent who owns it, reach probability, mean days to
# first call, satisfaction mix (satisfied, neutral, dissatisfied), stay range in days.
DEPARTMENTS = {
    "心内科":   dict(weight=50, wards=["心内一病区", "心内二病区"], doctors=["周建平", "林晓燕", "郑国华"],
                    agent="王芳", reach=0.92, delay=3, sat=(0.93, 0.05, 0.02), stay=(3, 12)),
    "呼吸内科": dict(weight=35, wards=["呼吸科病区"], doctors=["何志明", "罗佳"],
                    agent="李娜", reach=0.86, delay=5, sat=(0.90, 0.07, 0.03), stay=(4, 14)),
    "消化内科": dict(weight=30, wards=["消化科病区"], doctors=["梁文涛", "宋丽"],
                    agent="张敏", reach=0.84, delay=6, sat=(0.88, 0.08, 0.04), stay=(3, 10)),
    "骨科":     dict(weight=32, wards=["骨科一病区", "骨科二病区"], doctors=["韩磊", "唐志刚", "冯海"],
                    agent="刘洋", reach=0.80, delay=8, sat=(0.82, 0.10, 0.08), stay=(5, 18)),
    "普外科":   dict(weight=28, wards=["普外科病区"], doctors=["曹明", "彭晓东"],
                    agent="陈静", reach=0.88, delay=4, sat=(0.91, 0.06, 0.03), stay=(3, 10)),
    "妇产科":   dict(weight=26, wards=["产科病区", "妇科病区"], doctors=["曾丽萍", "肖红"],
                    agent="陈静", reach=0.90, delay=4, sat=(0.95, 0.04, 0.01), stay=(2, 7)),
    "儿科":     dict(weight=18, wards=["儿科病区"], doctors=["田雨", "董佳慧"],
                    agent="李娜", reach=0.94, delay=3, sat=(0.96, 0.03, 0.01), stay=(2, 8)),
    "神经内科": dict(weight=22, wards=["神经内科病区"], doctors=["袁志强", "潘婷"],
                    agent="王芳", reach=0.78, delay=7, sat=(0.85, 0.10, 0.05), stay=(5, 16)),
    "眼科":     dict(weight=7, wards=["眼科病区"], doctors=["蒋明"],
                    agent="张敏", reach=0.85, delay=5, sat=(0.90, 0.10, 0.00), stay=(1, 4)),
}

# Diagnoses per department: (name, ICD-10 code). Privacy codes (SPEC §5.4) come from PRIVACY_DIAGNOSES;
# B25.9 and A65 sit just outside the default privacy ranges on purpose.
DIAGNOSES = {
    "心内科": [("冠状动脉粥样硬化性心脏病", "I25.103"), ("不稳定型心绞痛", "I20.000"), ("慢性心力衰竭", "I50.900"),
             ("高血压病3级", "I10.x05"), ("心房颤动", "I48.x01")],
    "呼吸内科": [("社区获得性肺炎", "J18.900"), ("慢性阻塞性肺疾病急性加重", "J44.100"), ("支气管哮喘", "J45.900"),
              ("支气管扩张伴感染", "J47.x00")],
    "消化内科": [("胃溃疡", "K25.900"), ("急性胰腺炎", "K85.900"), ("肝硬化", "K74.600"), ("上消化道出血", "K92.200")],
    "骨科": [("股骨颈骨折", "S72.000"), ("腰椎间盘突出症", "M51.202"), ("膝关节骨性关节炎", "M17.900"),
           ("桡骨远端骨折", "S52.500")],
    "普外科": [("急性阑尾炎", "K35.900"), ("胆囊结石伴慢性胆囊炎", "K80.100"), ("腹股沟疝", "K40.900"),
            ("甲状腺结节", "E04.101")],
    "妇产科": [("单胎顺产", "O80.000"), ("单胎剖宫产", "O82.000"), ("子宫平滑肌瘤", "D25.900"), ("卵巢囊肿", "N83.200")],
    "儿科": [("小儿支气管肺炎", "J18.000"), ("急性支气管炎", "J20.900"), ("手足口病", "B08.401"),
           ("新生儿高胆红素血症", "P59.900"), ("巨细胞病毒感染", "B25.900")],
    "神经内科": [("脑梗死", "I63.900"), ("短暂性脑缺血发作", "G45.900"), ("帕金森病", "G20.x00"), ("偏头痛", "G43.900")],
    "眼科": [("老年性白内障", "H25.900"), ("原发性开角型青光眼", "H40.100"), ("翼状胬肉", "H11.000")],
}
PRIVACY_DIAGNOSES = {
    "妇产科": [("药物流产", "O04.900"), ("稽留流产清宫", "O06.900")],
    "消化内科": [("人类免疫缺陷病毒病", "B20.800")],
    "神经内科": [("神经梅毒", "A52.100")],
    "呼吸内科": [("HIV感染合并肺部感染", "B23.800")],
}
# Default privacy prefixes of SPEC §5.4, used by the ground truth.
PRIVACY_PREFIXES = ["O04", "O05", "O06", "O07"] + [f"A{n}" for n in range(50, 65)] + [f"B{n}" for n in range(20, 25)]

LEAVE_MODE_TEXT = {1: "医嘱离院", 2: "医嘱转院", 3: "医嘱转社区卫生服务机构/乡镇卫生院", 4: "非医嘱离院", 5: "死亡", 9: "其他"}
INSURANCE = ["城镇职工医保", "城乡居民医保", "自费", "新农合", "商业保险", "公费医疗"]
STREETS = ["滨江区江南大道", "滨江区长河路", "西湖区文三路", "上城区解放路", "萧山区人民路", "余杭区临平大道", "拱墅区湖墅南路"]
RELATIONS = ["配偶", "儿子", "女儿", "父亲", "母亲", "兄弟"]

# Typed call results per result code (SPEC §2.2); agents pick from their own habits.
RESULT_WORDS = {
    "reached": ["成功", "已回访", "接通", "已接通", "完成"],
    "invalid_number": ["空号", "号码不存在"],
    "wrong_number": ["错号", "号码错误", "非本人", "打错"],
    "suspended": ["停机", "欠费停机"],
    "powered_off": ["关机"],
    "no_answer": ["无人接听", "未接", "无应答", "未接通"],
    "busy": ["占线", "忙音", "通话中"],
    "refused": ["拒访", "拒绝", "不愿意", "不配合"],
    "hung_up": ["挂断", "挂机", "疑似诈骗"],
    "deceased": ["已故", "去世"],
    "readmitted": ["再次入院", "住院中"],
    "transferred": ["转院", "外院治疗"],
    "unclassified": ["回头再打", "待定", "家属说再联系", "？"],
}
FAILURE_MIX = [("no_answer", 40), ("powered_off", 10), ("busy", 8), ("suspended", 6), ("refused", 6), ("hung_up", 8),
               ("invalid_number", 5), ("wrong_number", 3), ("readmitted", 3), ("transferred", 3), ("unclassified", 3)]

SAT_WORDS = {"satisfied": ["非常满意", "满意", "满意", "满意", "很好", "好", "较好"],
             "neutral": ["一般", "基本满意", "还行"],
             "dissatisfied": ["不满意", "差", "较差", "很差", "非常不满意"]}
SAT_5 = {"satisfied": [5, 5, 5, 4], "neutral": [3], "dissatisfied": [1, 2]}
SAT_10 = {"satisfied": [10, 10, 9, 9, 8], "neutral": [6, 7], "dissatisfied": [2, 4, 5]}
ITEMS = ["服务态度", "医疗技术", "护理服务", "就医环境", "医疗收费", "出院指导"]

# Comments: (text, intended complaint theme or None, intended praise). {doc}/{nurse}/{dept} are filled in.
PRAISE_COMMENTS = [
    "感谢{dept}{doc}医生，手术做得很成功", "{doc}主任很负责，每天都来看好几次", "护士{nurse}特别细心，谢谢她",
    "表扬{doc}医生，病情解释得很清楚", "医生态度很好，没什么意见", "{nurse}护士打针一点都不疼，很专业，感谢",
    "非常感谢{doc}大夫和护士们的照顾",
]
COMPLAINT_COMMENTS = [
    ("办出院手续等了两个多小时", "waiting"), ("按了呼叫铃半天没人来", "waiting"), ("做检查排队太久了，等了一上午", "waiting"),
    ("费用太贵了，有些检查感觉没必要", "cost"), ("收费不清楚，清单上多收了钱", "cost"),
    ("护士态度不好，说话很冲", "nurse_attitude"), ("医生态度差，多问几句就不耐烦", "doctor_attitude"),
    ("病房太吵了，晚上睡不好，厕所也不干净", "environment"), ("食堂饭菜太难吃，还没有热水", "facilities"),
    ("空调不制冷，住得很热", "facilities"), ("医院停车太难了，转了半小时", "facilities"),
    ("出院的时候没交代清楚药怎么吃", "guidance"), ("复诊一直预约不上", "guidance"),
    ("医生没怎么解释病情，家属很着急", "communication"), ("打留置针扎了三次才扎上", "nursing_skill"),
    ("回家后伤口还是很疼，感觉没治好", "outcome"), ("查房的时候当着别人面问病情，不太舒服", "privacy"),
]
NEUTRAL_COMMENTS = ["挺好的", "没什么意见", "恢复得不错，谢谢关心", "还可以吧", "没有什么不满意的", "费用还行，不算贵",
                    "已经复查过了，挺好", "家属接的电话，说恢复不错"]
MIXED_COMMENT = ("{doc}医生人很好，就是住院等床位等了太久", "waiting")
ESCAPE_COMMENTS = ["<script>alert(1)</script>", '=HYPERLINK("http://example.invalid/x","点击查看")']
